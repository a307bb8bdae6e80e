//! The [`MockServer`] methods of the call workflow: agents, campaigns, campaign calls and
//! the run-time config. Each takes the state lock once, like the control routes that
//! mirror them.

use serde_json::Value;

use crate::{MockConfig, MockServer, PagingFault, SeedAgent, SeedCampaign};

impl MockServer {
    /// Stores (or replaces) an agent and returns it with its defaults filled in.
    ///
    /// ```
    /// use talkover_mock::{MockServer, SeedAgent};
    /// let server = MockServer::start(Default::default())?;
    /// let agent = server.seed_agent(SeedAgent::new("agent_7").published(false));
    /// assert_eq!(agent["name"], "Agent agent_7");
    /// assert_eq!(agent["phone_number"], "+15550100000");
    /// assert_eq!(agent["published"], false);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn seed_agent(&self, agent: SeedAgent) -> Value {
        self.shared.lock().agents.seed(agent)
    }

    /// Every agent, in seeding order (including those created by seeding a call).
    ///
    /// ```
    /// use talkover_mock::{MockServer, SeedCall};
    /// let server = MockServer::start(Default::default())?;
    /// server.seed_call(SeedCall::new("agent_1", "+5511987654321"));
    /// assert_eq!(server.agents()[0]["id"], "agent_1");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn agents(&self) -> Vec<Value> {
        self.shared.lock().agents.list()
    }

    /// Stores (or replaces) a campaign and returns it with its defaults filled in.
    ///
    /// ```
    /// use talkover_mock::{MockServer, SeedCampaign};
    /// let server = MockServer::start(Default::default())?;
    /// let campaign = server.seed_campaign(SeedCampaign::new("camp_1").name("Q1 Outreach"));
    /// assert_eq!(campaign["status"], "active");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn seed_campaign(&self, campaign: SeedCampaign) -> Value {
        self.shared.lock().campaigns.seed(campaign)
    }

    /// Every campaign, in seeding order.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// assert!(server.campaigns().is_empty());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn campaigns(&self) -> Vec<Value> {
        self.shared.lock().campaigns.list()
    }

    /// Every campaign call made through the API, in order: the `campaign_call` object the
    /// API answered with, plus `payload`, `context` (when sent), `is_testing` and
    /// `allow_duplicates`.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// assert!(server.campaign_calls().is_empty());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn campaign_calls(&self) -> Vec<Value> {
        self.shared.lock().campaigns.calls()
    }

    /// Sets the account balance; `None` is unlimited.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// server.set_credits(Some(3));
    /// assert_eq!(server.credits(), Some(3));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_credits(&self, credits: Option<u64>) {
        self.shared.lock().config.credits = credits;
    }

    /// The credits left; `None` is unlimited.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// assert_eq!(server.credits(), None);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn credits(&self) -> Option<u64> {
        self.shared.lock().config.credits
    }

    /// Sets the requests allowed per token per minute; `None` never answers 429.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// server.set_rate_limit_per_minute(Some(100));
    /// assert_eq!(server.config().rate_limit_per_minute, Some(100));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_rate_limit_per_minute(&self, limit: Option<u32>) {
        self.shared.lock().config.rate_limit_per_minute = limit;
    }

    /// Sets how long after creation (plus `delay_seconds`) calls placed from now on become
    /// `ringing` and `answered`. Calls already placed keep the delays they were placed with.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// server.set_progress_delays(10, 20);
    /// assert_eq!(server.config().answer_after_ms, 20);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_progress_delays(&self, ring_after_ms: u64, answer_after_ms: u64) {
        let mut inner = self.shared.lock();
        inner.config.ring_after_ms = ring_after_ms;
        inner.config.answer_after_ms = answer_after_ms;
    }

    /// Whether a duplicate campaign call's 409 carries `"code":"DUPLICATE_CALL"`.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// server.set_duplicate_code(true);
    /// assert!(server.config().duplicate_code);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_duplicate_code(&self, on: bool) {
        self.shared.lock().config.duplicate_code = on;
    }

    /// Makes the list endpoints page wrongly (or correctly again with `None`).
    ///
    /// ```
    /// use talkover_mock::{MockServer, PagingFault};
    /// let server = MockServer::start(Default::default())?;
    /// server.set_paging_fault(Some(PagingFault::RepeatPage));
    /// assert_eq!(server.config().paging_fault, Some(PagingFault::RepeatPage));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_paging_fault(&self, fault: Option<PagingFault>) {
        self.shared.lock().config.paging_fault = fault;
    }

    /// The run-time config now.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// assert_eq!(server.config().ring_after_ms, talkover_mock::DEFAULT_RING_AFTER_MS);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn config(&self) -> MockConfig {
        self.shared.lock().config.clone()
    }

    /// Applies a partial config update, as `POST /__mock/config` does (see
    /// [`MockConfig::update`]); nothing changes on error.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// server.update_config(&serde_json::json!({"credits": 0, "duplicate_code": true})).unwrap();
    /// assert_eq!(server.credits(), Some(0));
    /// assert!(server.update_config(&serde_json::json!({"paging_fault": "sideways"})).is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn update_config(&self, patch: &Value) -> Result<(), String> {
        self.shared.lock().config.update(patch)
    }
}
