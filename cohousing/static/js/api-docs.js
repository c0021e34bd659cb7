// The API's reading page: Swagger UI (vendored) on the document the app serves.
document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("api-docs");
  window.SwaggerUIBundle({
    url: root.dataset.spec,
    domNode: root,
    deepLinking: false,
    validatorUrl: null, // no call to an online validator
    tryItOutEnabled: false,
  });
});
