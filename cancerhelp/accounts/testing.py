"""For tests: sign a test client in the way an editor does, password and second factor.

There is no setting that skips two-factor sign-in. Tests give the user a confirmed
authenticator (TOTP) device, compute its current code as a phone app would, and post it to
the real two-factor page.
"""

import time

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_for(user):
    """The user's confirmed authenticator device (created if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device


def current_code(device, at=None):
    """The code an authenticator app shows now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return str(totp.token()).zfill(device.digits)


def sign_in(client, user):
    """force_login (the password step is tested on its own) + a real code on the two-factor page."""
    client.force_login(user)
    device = authenticator_for(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # allow a second sign-in in one time step
    device.refresh_from_db()
    response = client.post(reverse("accounts_two_factor"), {"token": current_code(device)})
    if response.status_code != 302:
        raise AssertionError("the two-factor step did not accept the current code")
    return client
