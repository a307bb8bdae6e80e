//! The simulator's state behind its one lock: calls, agents, campaigns, faults, the log,
//! rate-limit windows and the run-time config.

use crate::agents::AgentStore;
use crate::campaigns::CampaignStore;
use crate::config::MockConfig;
use crate::fault::FaultQueue;
use crate::log::RequestLog;
use crate::ratelimit::RateLimiter;
use crate::seed::SeedCall;
use crate::state::CallStore;

/// Everything the handlers share, behind one lock: one acquisition per ordinary request.
#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) calls: CallStore,
    pub(crate) agents: AgentStore,
    pub(crate) campaigns: CampaignStore,
    pub(crate) faults: FaultQueue,
    pub(crate) log: RequestLog,
    pub(crate) rate: RateLimiter,
    pub(crate) config: MockConfig,
    /// The config the server started with, restored by `reset`.
    start: MockConfig,
}

impl Inner {
    pub(crate) fn new(config: MockConfig) -> Self {
        Inner {
            calls: CallStore::default(),
            agents: AgentStore::default(),
            campaigns: CampaignStore::default(),
            faults: FaultQueue::default(),
            log: RequestLog::default(),
            rate: RateLimiter::default(),
            start: config.clone(),
            config,
        }
    }

    /// Forgets calls, agents, campaigns, faults, the log and rate windows; restores the
    /// starting config.
    pub(crate) fn reset(&mut self) {
        self.calls.clear();
        self.agents = AgentStore::default();
        self.campaigns = CampaignStore::default();
        self.faults.clear();
        self.log.clear();
        self.rate.clear();
        self.config = self.start.clone();
    }

    /// Stores a call, creating its agent (published) if it does not exist.
    pub(crate) fn seed_call(&mut self, call: SeedCall) -> serde_json::Value {
        self.agents.ensure(&call.agent_id);
        self.calls.seed(call)
    }

    /// Takes one credit for a call that is not a test call; `false` when none is left.
    pub(crate) fn spend_credit(&mut self, is_testing: bool) -> bool {
        match &mut self.config.credits {
            _ if is_testing => true,
            None => true,
            Some(0) => false,
            Some(n) => {
                *n -= 1;
                true
            }
        }
    }
}
