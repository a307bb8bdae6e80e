//! Agents: who owns calls, whether they may place calls, and the number they call from.
//!
//! Placing a call needs an agent that exists and is published, and list items carry the
//! agent's name and label, so agents are state of their own. Seeding a call for an agent
//! that does not exist creates a published one, which keeps call-only seeds working.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The caller id of an agent seeded without `phone_number`.
///
/// ```
/// assert_eq!(talkover_mock::DEFAULT_AGENT_PHONE, "+15550100000");
/// ```
pub const DEFAULT_AGENT_PHONE: &str = "+15550100000";

/// An agent to add, as sent to `POST /__mock/agents` or [`MockServer::seed_agent`].
///
/// Only `id` is required. Seeding an id that exists replaces that agent.
///
/// ```
/// use talkover_mock::SeedAgent;
///
/// let agent: SeedAgent = serde_json::from_str(r#"{"id": "agent_9", "published": false}"#).unwrap();
/// assert_eq!(agent, SeedAgent::new("agent_9").published(false));
/// ```
///
/// [`MockServer::seed_agent`]: crate::MockServer::seed_agent
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedAgent {
    /// The agent id.
    pub id: String,
    /// Display name; default `"Agent <id>"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Label shown next to the name in list items; default none (`null`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Whether the agent may place calls; default `true`. Make-call on an unpublished agent
    /// answers 400 `AGENT_INACTIVE`.
    #[serde(default = "default_published")]
    pub published: bool,
    /// Caller id of its outbound calls; default [`DEFAULT_AGENT_PHONE`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

fn default_published() -> bool {
    true
}

impl SeedAgent {
    /// A published agent named `Agent <id>`.
    ///
    /// ```
    /// let agent = talkover_mock::SeedAgent::new("agent_1");
    /// assert!(agent.published);
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        SeedAgent {
            id: id.into(),
            name: None,
            label: None,
            published: true,
            phone_number: None,
        }
    }

    /// Sets the name.
    ///
    /// ```
    /// let agent = talkover_mock::SeedAgent::new("a").name("Sales");
    /// assert_eq!(agent.name.as_deref(), Some("Sales"));
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the label.
    ///
    /// ```
    /// let agent = talkover_mock::SeedAgent::new("a").label("Tier 1");
    /// assert_eq!(agent.label.as_deref(), Some("Tier 1"));
    /// ```
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets whether the agent is published.
    ///
    /// ```
    /// assert!(!talkover_mock::SeedAgent::new("a").published(false).published);
    /// ```
    pub fn published(mut self, published: bool) -> Self {
        self.published = published;
        self
    }

    /// Sets the caller id.
    ///
    /// ```
    /// let agent = talkover_mock::SeedAgent::new("a").phone_number("+15550199999");
    /// assert_eq!(agent.phone_number.as_deref(), Some("+15550199999"));
    /// ```
    pub fn phone_number(mut self, phone: impl Into<String>) -> Self {
        self.phone_number = Some(phone.into());
        self
    }
}

/// A stored agent, every default filled in.
#[derive(Debug, Clone)]
pub(crate) struct Agent {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) label: Option<String>,
    pub(crate) published: bool,
    pub(crate) phone_number: String,
}

impl Agent {
    /// The agent as the control API shows it.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "published": self.published,
            "phone_number": self.phone_number,
        })
    }

    /// The `agent` object of a list item.
    pub(crate) fn summary(&self) -> Value {
        json!({"id": self.id, "name": self.name, "label": self.label})
    }
}

/// Every agent, in seeding order.
#[derive(Debug, Default)]
pub(crate) struct AgentStore {
    agents: Vec<Agent>,
    index: HashMap<String, usize>,
}

impl AgentStore {
    /// Stores (or replaces) an agent and returns it as JSON.
    pub(crate) fn seed(&mut self, seed: SeedAgent) -> Value {
        let agent = Agent {
            name: seed.name.unwrap_or_else(|| format!("Agent {}", seed.id)),
            label: seed.label,
            published: seed.published,
            phone_number: seed
                .phone_number
                .unwrap_or_else(|| DEFAULT_AGENT_PHONE.to_owned()),
            id: seed.id,
        };
        let out = agent.to_json();
        match self.index.get(&agent.id) {
            Some(&i) => self.agents[i] = agent,
            None => {
                self.index.insert(agent.id.clone(), self.agents.len());
                self.agents.push(agent);
            }
        }
        out
    }

    /// Creates a published agent with defaults unless `id` exists.
    pub(crate) fn ensure(&mut self, id: &str) {
        if !self.index.contains_key(id) {
            self.seed(SeedAgent::new(id));
        }
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Agent> {
        self.index.get(id).and_then(|&i| self.agents.get(i))
    }

    pub(crate) fn list(&self) -> Vec<Value> {
        self.agents.iter().map(Agent::to_json).collect()
    }
}
