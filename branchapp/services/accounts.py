"""Two-factor devices of an account (django-otp): the authenticator app and recovery codes.

Checking a code is django-otp's (`forms/twofactor.py` asks it, with its throttling); these
functions create, confirm and remove the devices.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10


def totp_device_start(*, user) -> TOTPDevice:
    """The account's authenticator being set up: the unconfirmed one already started (its
    secret may have been scanned already), or a new one with a fresh secret."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice) -> list[str]:
    """Confirm the authenticator the account proved it holds (a code was verified), drop the
    other unconfirmed ones, and return a new set of recovery codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.devices_for_user(device.user, confirmed=False).delete()
    return recovery_codes_regenerate(user=device.user)


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """Replace the account's recovery codes by `RECOVERY_CODE_COUNT` new ones, each usable
    once; the old ones stop working. The codes are returned to be shown once."""
    device = StaticDevice.objects.devices_for_user(user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_reset(*, user) -> None:
    """Remove the account's authenticator and recovery codes (an administrator's action for
    a lost phone): the next sign-in starts the enrolment again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
