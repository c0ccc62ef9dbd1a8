"""Login: the page, the lockout after repeated failures, and hashed passwords."""

from datetime import timedelta

import time_machine
from django.conf import global_settings
from django.test import Client
from django.utils import timezone

from tests.conftest import STREET_A
from yiyang.core.models import LoginFailure, User
from yiyang.core.services import create_user

LOGIN = "/login/"
RIGHT = "Correct-Horse-9"  # the conftest actors' password


def _login(client: Client, password: str, username: str = "street_worker"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_page_shows_the_form(regions):
    response = Client().get(LOGIN, headers={"Accept-Language": "zh-hans"})

    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="username"' in text
    assert 'name="password"' in text
    assert "登录" in text


def test_right_password_logs_in(street_worker):
    client = Client()

    response = _login(client, RIGHT)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(street_worker.pk)


def test_wrong_password_says_so_in_chinese(street_worker):
    response = Client(headers={"Accept-Language": "zh-hans"}).post(
        LOGIN, {"username": "street_worker", "password": "wrong"}
    )

    assert response.status_code == 200
    assert "用户名或密码错误。" in response.content.decode()
    assert LoginFailure.objects.filter(username="street_worker").count() == 1


def test_five_failures_lock_the_account_for_fifteen_minutes(street_worker):
    client = Client(headers={"Accept-Language": "zh-hans"})
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        # given five wrong passwords, a minute apart
        for _attempt in range(5):
            _login(client, "wrong")
            clock.shift(timedelta(minutes=1))

        # when the right password comes while locked
        locked = _login(client, RIGHT)

        # then it is refused, in Chinese, and nobody is logged in
        assert locked.status_code == 200
        assert "登录失败次数过多，该账号已锁定 15 分钟。" in locked.content.decode()
        assert "_auth_user_id" not in client.session

        # still locked just before the fifteen minutes from the fifth failure run out
        clock.move_to(start + timedelta(minutes=4 + 15) - timedelta(seconds=1))
        assert _login(client, RIGHT).status_code == 200
        assert "_auth_user_id" not in client.session

        # and unlocked after them
        clock.move_to(start + timedelta(minutes=4 + 15, seconds=1))
        response = _login(client, RIGHT)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(street_worker.pk)
        assert LoginFailure.objects.count() == 0


def test_lock_counts_from_the_fifth_failure_not_the_first(street_worker):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        # four failures, then the fifth fourteen minutes later
        for _attempt in range(4):
            _login(client, "wrong")
        clock.shift(timedelta(minutes=14))
        _login(client, "wrong")

        # two minutes on, the first failure is out of a sliding window, but the lock holds
        clock.shift(timedelta(minutes=2))
        _login(client, RIGHT)

        assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(street_worker):
    client = Client()
    for _attempt in range(4):
        _login(client, "wrong")

    response = _login(client, RIGHT)

    assert response.status_code == 302


def test_lock_is_per_account_and_ignores_case(street_worker, second_street_worker):
    client = Client()
    for _attempt in range(5):
        _login(client, "wrong", username="STREET_worker")

    _login(client, RIGHT, username="street_checker")

    assert client.session["_auth_user_id"] == str(second_street_worker.pk)
    assert LoginFailure.objects.filter(username="street_worker").count() == 5


def test_passwords_are_stored_hashed(regions, settings):
    # given the production hashers (the suite uses a cheap one for speed)
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS

    # when an account is created
    user = create_user(
        username="clerk", password=RIGHT, role="street_staff", region=regions[STREET_A]
    )

    # then only a salted PBKDF2 hash is stored
    stored = User.objects.filter(pk=user.pk).values_list("password", flat=True).get()
    assert RIGHT not in stored
    assert stored.startswith("pbkdf2_sha256$")
    assert User.objects.get(pk=user.pk).check_password(RIGHT)
