/* Money on the tablet: the amount keypad, and forms that send once. No framework.
   Without JavaScript the amount field is an ordinary text field and everything works. */
(function () {
  "use strict";

  var MAX_LENGTH = 12;

  function amountInput() {
    return document.querySelector("[data-money-keypad] input[name=amount]");
  }

  function typeKey(key, mark) {
    var input = amountInput();
    if (!input) return;
    if (key === "delete") {
      input.value = input.value.slice(0, -1);
    } else if (key === "decimal") {
      if (input.value.indexOf(mark) === -1) input.value += input.value ? mark : "0" + mark;
    } else if (input.value.length < MAX_LENGTH) {
      var cents = input.value.split(mark)[1];
      if (cents === undefined || cents.length < 2) input.value += key;
    }
  }

  document.addEventListener("click", function (event) {
    var key = event.target.closest("[data-money-key]");
    if (!key) return;
    var mark = document.querySelector("[data-money-key=decimal]").textContent.trim();
    typeKey(key.getAttribute("data-money-key"), mark);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-once")) return;
    if (form.getAttribute("data-sent")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-sent", "1");
  });
})();
