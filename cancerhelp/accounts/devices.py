"""An editor's second factor: one authenticator app (TOTP) and a sheet of recovery codes."""

import segno
from django.db import transaction
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def confirmed_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_app(user):
    """The unconfirmed authenticator being enrolled: the same key until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device, title):
    """The enrolment QR code as inline SVG, drawn here (no image service sees the secret)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=str(title)
    )


def readable_key(device):
    """The secret in base32 groups of four, for typing into an app by hand."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def new_recovery_codes(user):
    """Replace the user's recovery codes with a fresh sheet; return the codes (shown once)."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_second_factor(user, token):
    """The device that accepts the token (app code, or a recovery code used up), or None."""
    candidates = [confirmed_app(user), StaticDevice.objects.filter(user=user, confirmed=True).first()]
    for device in candidates:
        if device is not None:
            verified = verify_token(user, device.persistent_id, token)
            if verified is not None:
                return verified
    return None


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset_devices(user):
    """Forget every second factor of the user: they enrol again at their next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
