//! The device-code sign-ins the server has handed out and where each stands (data only: the
//! endpoint is [`crate::device`], the token endpoint's poll is [`Devices::poll`]).

use std::collections::HashMap;

use tokio::time::{Duration, Instant};

/// The polling interval handed out, in seconds.
pub(crate) const INTERVAL_SECS: u64 = 1;
/// How long a device code is valid, in seconds.
pub(crate) const LIFETIME_SECS: u64 = 900;

/// Where a device sign-in stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeviceStatus {
    /// Waiting for the user.
    Pending,
    /// The user approved.
    Approved,
    /// The user declined.
    Declined,
    /// The code expired.
    Expired,
}

/// One device sign-in.
#[derive(Debug)]
pub(crate) struct Device {
    user_code: String,
    scope: String,
    status: DeviceStatus,
    last_poll: Option<Instant>,
    expires: Instant,
    /// Answer the next poll `slow_down` (the test playing a throttling service).
    slow_down_next: bool,
}

/// Every device sign-in, by device code.
#[derive(Debug, Default)]
pub(crate) struct Devices {
    by_code: HashMap<String, Device>,
}

impl Devices {
    /// Adds a pending sign-in for `device_code` showing `user_code`, valid for
    /// [`LIFETIME_SECS`] from now.
    pub(crate) fn add(&mut self, device_code: String, user_code: String, scope: String) {
        self.by_code.insert(
            device_code,
            Device {
                user_code,
                scope,
                status: DeviceStatus::Pending,
                last_poll: None,
                expires: Instant::now() + Duration::from_secs(LIFETIME_SECS),
                slow_down_next: false,
            },
        );
    }

    /// Sets the status of the sign-in showing `user_code`; false when there is none.
    pub(crate) fn set(&mut self, user_code: &str, status: DeviceStatus) -> bool {
        match self
            .by_code
            .values_mut()
            .find(|d| d.user_code.eq_ignore_ascii_case(user_code))
        {
            Some(device) => {
                device.status = status;
                true
            }
            None => false,
        }
    }

    /// Makes the next poll of the sign-in showing `user_code` answer `slow_down`.
    pub(crate) fn slow_down(&mut self, user_code: &str) -> bool {
        match self
            .by_code
            .values_mut()
            .find(|d| d.user_code.eq_ignore_ascii_case(user_code))
        {
            Some(device) => {
                device.slow_down_next = true;
                true
            }
            None => false,
        }
    }

    /// A poll of `device_code`: the granted scope, or the OAuth error code to answer.
    pub(crate) fn poll(&mut self, device_code: &str) -> Result<String, &'static str> {
        let Some(device) = self.by_code.get_mut(device_code) else {
            return Err("invalid_grant");
        };
        let now = Instant::now();
        if now >= device.expires {
            device.status = DeviceStatus::Expired;
        }
        let too_soon = device
            .last_poll
            .is_some_and(|last| now < last + Duration::from_secs(INTERVAL_SECS))
            || std::mem::take(&mut device.slow_down_next);
        device.last_poll = Some(now);
        match device.status {
            DeviceStatus::Expired => Err("expired_token"),
            DeviceStatus::Declined => Err("authorization_declined"),
            DeviceStatus::Pending if too_soon => Err("slow_down"),
            DeviceStatus::Pending => Err("authorization_pending"),
            DeviceStatus::Approved => {
                let scope = device.scope.clone();
                self.by_code.remove(device_code);
                Ok(scope)
            }
        }
    }
}
