//! The `aud` claim, which RFC 7519 §4.1.3 allows as one string or an array of strings.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The audiences of a token, whichever JSON form they came in. Empty when `aud` is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience(pub Vec<String>);

impl Audience {
    /// Whether `client_id` is one of the audiences (exact comparison).
    pub fn contains(&self, client_id: &str) -> bool {
        self.0.iter().any(|a| a == client_id)
    }

    /// How many audiences there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no audience at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The audiences in token order.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Audience(match Option::<OneOrMany>::deserialize(d)? {
            None => Vec::new(),
            Some(OneOrMany::One(one)) => vec![one],
            Some(OneOrMany::Many(many)) => many,
        }))
    }
}

impl Serialize for Audience {
    /// Written back in the form most providers use: a lone audience as a plain string.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => s.serialize_str(one),
            many => many.serialize(s),
        }
    }
}
