//! The typed results: calls, placed calls, campaign calls, listed call records, and the
//! open enums they use.
//!
//! Decoding is hand-written instead of `#[serde(flatten)]`: flatten buffers every field into
//! an intermediate tree, which costs more than the rest of the decode on the hot path. The
//! visitors below read each key once, keep the known ones typed and everything else in
//! `extra`, so a field the API adds tomorrow is kept, never an error.

mod call;
mod placed;
mod record;
mod status;

pub use call::{Call, EndedCall};
pub use placed::{Campaign, CampaignCall, PlacedCall};
pub use record::{AgentRef, CallPage, CallRecord, Pagination};
pub use status::{CallStatus, Direction};

/// Declares a hand-written `Deserialize` for a model: required fields error when missing,
/// optional ones accept `null`, unknown keys go to `extra`. A trailing `origin` names the
/// field that remembers the response (see [`crate::response`]), empty when deserialised.
macro_rules! deserialize_model {
    ($model:ident, $expecting:literal,
     required { $($req:ident : $req_ty:ty),* },
     optional { $($opt:ident : $opt_ty:ty),* }
     $(, $origin:ident)?) => {
        impl<'de> serde::Deserialize<'de> for $model {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct ModelVisitor;
                impl<'de> serde::de::Visitor<'de> for ModelVisitor {
                    type Value = $model;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$model, A::Error> {
                        $(let mut $req: Option<$req_ty> = None;)*
                        $(let mut $opt: Option<$opt_ty> = None;)*
                        let mut extra = serde_json::Map::new();
                        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                            match key.as_ref() {
                                $(stringify!($req) => $req = Some(map.next_value()?),)*
                                $(stringify!($opt) => $opt = map.next_value()?,)*
                                _ => {
                                    let value: serde_json::Value = map.next_value()?;
                                    extra.insert(key.into_owned(), value);
                                }
                            }
                        }
                        Ok($model {
                            $($req: $req.ok_or_else(|| {
                                <A::Error as serde::de::Error>::missing_field(stringify!($req))
                            })?,)*
                            $($opt,)*
                            extra,
                            $($origin: Default::default(),)?
                        })
                    }
                }
                d.deserialize_map(ModelVisitor)
            }
        }
    };
}

pub(crate) use deserialize_model;
