def test_login_page_renders_in_italian_by_default(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    assert b'lang="it"' in response.data


def test_household_list_for_coordinator(client, login, coordinator, household):
    login(coordinator)
    response = client.get("/households/")
    assert response.status_code == 200
