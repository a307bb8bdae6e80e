//! What `makeCall` and `makeCampaignCall` send, as the TypeScript layer hands it over, and
//! its conversion into the core's [`talkover::MakeCall`] and [`talkover::MakeCampaignCall`].
//!
//! The option types are checked in `src-ts/client.ts` first; the values (the phone number,
//! the delay's range) are the core's to judge. The per-call options (`timeoutMs`,
//! `maxRetries`, `headers`) cross separately, as `client.rs`'s `NativeRequestOptions`.
//! `payload` and `context` cross as JSON text made by `JSON.stringify`, so a `Date` inside
//! becomes its ISO string, `toJSON` is honoured and `undefined` members are dropped, exactly
//! as in any JSON body a Node user sends; a value JSON cannot hold (a `BigInt`, a cycle) is
//! refused in TypeScript, naming the option.

use napi_derive::napi;
use serde_json::{Map, Value};
use talkover::{Error, MakeCall, MakeCampaignCall, Result};

/// The options of `makeCall` after their types were checked.
#[napi(object)]
pub struct NativeMakeCall {
    /// The prompt variables, as JSON text of an object.
    pub payload: Option<String>,
    /// The data echoed in webhooks, as JSON text of an object.
    pub context: Option<String>,
    /// Seconds to wait before dialling.
    pub delay_seconds: Option<f64>,
    /// A test call.
    pub is_testing: Option<bool>,
}

/// The options of `makeCampaignCall` after their types were checked.
#[napi(object)]
pub struct NativeMakeCampaignCall {
    /// The prompt variables, as JSON text of an object.
    pub payload: Option<String>,
    /// The data echoed in webhooks, as JSON text of an object.
    pub context: Option<String>,
    /// A test call.
    pub is_testing: Option<bool>,
    /// Queue it even when the campaign already has a call to this number.
    pub allow_duplicates: Option<bool>,
}

impl NativeMakeCall {
    /// The core's request for a call to `to`.
    pub(crate) fn request(&self, to: String) -> Result<MakeCall> {
        let mut request = MakeCall::new(to).is_testing(self.is_testing.unwrap_or(false));
        request.payload = json_object("payload", self.payload.as_deref())?;
        request.context = json_object("context", self.context.as_deref())?;
        if let Some(seconds) = self.delay_seconds {
            request = request.delay_seconds(whole("delay_seconds", seconds)?);
        }
        Ok(request)
    }
}

impl NativeMakeCampaignCall {
    /// The core's request for a campaign call to `to`.
    pub(crate) fn request(&self, to: String) -> Result<MakeCampaignCall> {
        let mut request = MakeCampaignCall::new(to)
            .is_testing(self.is_testing.unwrap_or(false))
            .allow_duplicates(self.allow_duplicates.unwrap_or(false));
        request.payload = json_object("payload", self.payload.as_deref())?;
        request.context = json_object("context", self.context.as_deref())?;
        Ok(request)
    }
}

/// An object given as JSON text.
fn json_object(param: &'static str, text: Option<&str>) -> Result<Option<Map<String, Value>>> {
    let Some(text) = text else { return Ok(None) };
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(Some(map)),
        _ => Err(Error::invalid(param, "must be a plain object")),
    }
}

/// A JavaScript number as the core's whole number. A fraction or a negative number has no
/// `u32` to become, so it is refused here; a number too large for one becomes `u32::MAX`,
/// so the core's own range check words the refusal.
pub(crate) fn whole(param: &'static str, n: f64) -> Result<u32> {
    if !n.is_finite() || n.fract() != 0.0 || n < 0.0 {
        return Err(Error::invalid(param, "must be a non-negative whole number"));
    }
    Ok(if n > f64::from(u32::MAX) {
        u32::MAX
    } else {
        n as u32
    })
}
