//! Placing calls: [`Client::make_call`] and [`Client::make_campaign_call`], with their
//! requests [`MakeCall`] and [`MakeCampaignCall`].
//!
//! Both change state, and the API has no idempotency key, so how they are retried is the
//! point of this module: placing a call is repeated only when the failure shows the server
//! did not act; a campaign call that lets the API refuse duplicates is repeated like a read,
//! and a duplicate met after an attempt that got no answer is the call itself.

use crate::client::{Client, RequestOptions, StateChange};
use crate::envelope::{decode_campaign_call, decode_make_call};
use crate::error::{Error, Result};
use crate::log::Endpoint;
use crate::model::{CampaignCall, PlacedCall};
use crate::retry::Replay;
use crate::transport::PreparedRequest;
use crate::validate::{normalize_phone_as, path_segment, validate_id};
use bytes::Bytes;
use reqwest::Method;
use serde_json::{Map, Value};

/// The longest `delay_seconds` the API accepts (one hour).
pub const MAX_DELAY_SECONDS: u32 = 3600;

/// What [`Client::make_call`] places: the number, and optionally prompt variables, data for
/// webhooks, a delay and the test flag.
///
/// ```
/// use serde_json::json;
/// let request = talkover::MakeCall::new("+55 11 98765-4321")
///     .payload(json!({"customer_name": "Ana"}).as_object().unwrap().clone())
///     .delay_seconds(30)
///     .is_testing(true);
/// assert_eq!(request.delay_seconds, Some(30));
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MakeCall {
    /// The number to dial: E.164 once spaces, `-`, `.`, `(` and `)` are dropped.
    pub to: String,
    /// Values for the placeholders of the agent's prompt.
    pub payload: Option<Map<String, Value>>,
    /// Your own data, echoed in every webhook event of the call.
    pub context: Option<Map<String, Value>>,
    /// Seconds to wait before dialling, 0 to [`MAX_DELAY_SECONDS`].
    pub delay_seconds: Option<u32>,
    /// A test call: no credits used, left out of analytics.
    pub is_testing: bool,
}

impl MakeCall {
    /// A call to `to`, with nothing else set.
    pub fn new(to: impl Into<String>) -> MakeCall {
        MakeCall {
            to: to.into(),
            ..MakeCall::default()
        }
    }

    /// Sets the prompt variables.
    #[must_use]
    pub fn payload(mut self, payload: Map<String, Value>) -> MakeCall {
        self.payload = Some(payload);
        self
    }

    /// Sets the data echoed in webhooks.
    #[must_use]
    pub fn context(mut self, context: Map<String, Value>) -> MakeCall {
        self.context = Some(context);
        self
    }

    /// Sets the delay before dialling.
    #[must_use]
    pub fn delay_seconds(mut self, seconds: u32) -> MakeCall {
        self.delay_seconds = Some(seconds);
        self
    }

    /// Marks it a test call.
    #[must_use]
    pub fn is_testing(mut self, is_testing: bool) -> MakeCall {
        self.is_testing = is_testing;
        self
    }
}

/// What [`Client::make_campaign_call`] queues.
///
/// ```
/// let request = talkover::MakeCampaignCall::new("+5511987654321").allow_duplicates(true);
/// assert!(request.allow_duplicates);
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MakeCampaignCall {
    /// The number to call: E.164 once spaces, `-`, `.`, `(` and `)` are dropped.
    pub to: String,
    /// Values for the placeholders of the campaign agent's prompt.
    pub payload: Option<Map<String, Value>>,
    /// Your own data, echoed in webhook events.
    pub context: Option<Map<String, Value>>,
    /// A test call: no credits used, left out of analytics.
    pub is_testing: bool,
    /// Queue it even when the campaign already has a call to this number. Off by default,
    /// and then a retry can never queue a second call.
    pub allow_duplicates: bool,
}

impl MakeCampaignCall {
    /// A campaign call to `to`, with nothing else set.
    pub fn new(to: impl Into<String>) -> MakeCampaignCall {
        MakeCampaignCall {
            to: to.into(),
            ..MakeCampaignCall::default()
        }
    }

    /// Sets the prompt variables.
    #[must_use]
    pub fn payload(mut self, payload: Map<String, Value>) -> MakeCampaignCall {
        self.payload = Some(payload);
        self
    }

    /// Sets the data echoed in webhooks.
    #[must_use]
    pub fn context(mut self, context: Map<String, Value>) -> MakeCampaignCall {
        self.context = Some(context);
        self
    }

    /// Marks it a test call.
    #[must_use]
    pub fn is_testing(mut self, is_testing: bool) -> MakeCampaignCall {
        self.is_testing = is_testing;
        self
    }

    /// Allows a second call to a number the campaign already has.
    #[must_use]
    pub fn allow_duplicates(mut self, allow: bool) -> MakeCampaignCall {
        self.allow_duplicates = allow;
        self
    }
}

const MAYBE_PLACED: &str = "the call may have been placed: look for it with the active-call \
     lookup before placing it again";
const MAYBE_QUEUED: &str = "the call may have been queued in the campaign: check the campaign \
     before queueing it again";

impl Client {
    /// Places an outbound call from `agent_id`. The API accepts it asynchronously: the call
    /// starts `initiated`, and [`Client::active_call`] finds it while it is active.
    ///
    /// Never dials twice because of a retry: an attempt is repeated only when the failure
    /// shows the server did not act (nothing was sent, 429, 503). Any other failure after
    /// the request was sent (a timeout, a reset, 500, 502, 504) is returned at once with
    /// [`Error::may_have_succeeded`] set: look the call up before placing it again.
    ///
    /// ```no_run
    /// # async fn run(client: talkover::Client) -> talkover::Result<()> {
    /// let request = talkover::MakeCall::new("+5511987654321");
    /// match client.make_call("agent-uuid", &request).await {
    ///     Ok(placed) => println!("placed {}", placed.id),
    ///     Err(e) if e.may_have_succeeded() => {
    ///         let calls = client.active_call("agent-uuid", &request.to).await?;
    ///         println!("{} active call(s) to that number", calls.len());
    ///     }
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn make_call(&self, agent_id: &str, request: &MakeCall) -> Result<PlacedCall> {
        self.make_call_with(agent_id, request, &RequestOptions::default())
            .await
    }

    /// [`Client::make_call`] with per-call options.
    pub async fn make_call_with(
        &self,
        agent_id: &str,
        request: &MakeCall,
        opts: &RequestOptions,
    ) -> Result<PlacedCall> {
        validate_id("agent_id", agent_id)?;
        let mut body = Map::new();
        body.insert("to".into(), normalize_phone_as("to", &request.to)?.into());
        insert_objects(&mut body, &request.payload, &request.context);
        if let Some(delay) = request.delay_seconds {
            if delay > MAX_DELAY_SECONDS {
                return Err(Error::invalid(
                    "delay_seconds",
                    format!("must be between 0 and {MAX_DELAY_SECONDS}"),
                ));
            }
            body.insert("delay_seconds".into(), delay.into());
        }
        if request.is_testing {
            body.insert("is_testing".into(), true.into());
        }
        let url = format!("{}/agents/{}/call", self.base_url(), path_segment(agent_id));
        let req = post(url, &body, Endpoint::MakeCall { agent_id })?;
        let change = StateChange {
            replay: Replay::OnlyIfNotApplied,
            consequence: MAYBE_PLACED,
            recover: None,
        };
        self.execute_change(&req, opts, decode_make_call, Some(&change))
            .await
    }

    /// Queues a call in campaign `campaign_id`: it inherits the campaign's agent, hours and
    /// retry policy, and starts `queued` (or `scheduled`).
    ///
    /// Without `allow_duplicates` the API refuses a second call to the same number with a
    /// [`DuplicateCall`](crate::ErrorKind::DuplicateCall) error naming the existing call,
    /// which makes retries safe: one is repeated on any transient failure, and when the
    /// refusal answers a retry after an attempt that got no answer, the existing call is
    /// returned, since it is the one this request queued. With `allow_duplicates`, it is
    /// retried like [`Client::make_call`].
    ///
    /// ```no_run
    /// # async fn run(client: talkover::Client) -> talkover::Result<()> {
    /// let request = talkover::MakeCampaignCall::new("+5511987654321");
    /// match client.make_campaign_call("campaign-uuid", &request).await {
    ///     Ok(call) => println!("{} {}", call.id, call.status),
    ///     Err(e) => match e.existing_call() {
    ///         Some(existing) => println!("already queued as {}", existing.id),
    ///         None => return Err(e),
    ///     },
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn make_campaign_call(
        &self,
        campaign_id: &str,
        request: &MakeCampaignCall,
    ) -> Result<CampaignCall> {
        self.make_campaign_call_with(campaign_id, request, &RequestOptions::default())
            .await
    }

    /// [`Client::make_campaign_call`] with per-call options.
    pub async fn make_campaign_call_with(
        &self,
        campaign_id: &str,
        request: &MakeCampaignCall,
        opts: &RequestOptions,
    ) -> Result<CampaignCall> {
        validate_id("campaign_id", campaign_id)?;
        let mut body = Map::new();
        body.insert("to".into(), normalize_phone_as("to", &request.to)?.into());
        insert_objects(&mut body, &request.payload, &request.context);
        if request.is_testing {
            body.insert("is_testing".into(), true.into());
        }
        let change = if request.allow_duplicates {
            body.insert("allow_duplicates".into(), true.into());
            StateChange {
                replay: Replay::OnlyIfNotApplied,
                consequence: MAYBE_QUEUED,
                recover: None,
            }
        } else {
            StateChange {
                replay: Replay::Transient,
                consequence: MAYBE_QUEUED,
                recover: Some(existing_call),
            }
        };
        let url = format!(
            "{}/campaigns/{}/call",
            self.base_url(),
            path_segment(campaign_id)
        );
        let req = post(url, &body, Endpoint::CampaignCall { campaign_id })?;
        self.execute_change(&req, opts, decode_campaign_call, Some(&change))
            .await
    }
}

/// The duplicate met by a retry is the call the lost attempt queued.
fn existing_call(err: Error) -> Result<CampaignCall> {
    if err.kind() == crate::ErrorKind::DuplicateCall {
        if let Some(existing) = err.existing_call() {
            return Ok(existing.clone());
        }
    }
    Err(err)
}

fn insert_objects(
    body: &mut Map<String, Value>,
    payload: &Option<Map<String, Value>>,
    context: &Option<Map<String, Value>>,
) {
    if let Some(payload) = payload {
        body.insert("payload".into(), Value::Object(payload.clone()));
    }
    if let Some(context) = context {
        body.insert("context".into(), Value::Object(context.clone()));
    }
}

fn post<'a>(
    url: String,
    body: &Map<String, Value>,
    endpoint: Endpoint<'a>,
) -> Result<PreparedRequest<'a>> {
    let body = serde_json::to_vec(body).map_err(|e| Error::invalid("payload", e.to_string()))?;
    Ok(PreparedRequest {
        method: Method::POST,
        url,
        json_body: Some(Bytes::from(body)),
        endpoint,
    })
}
