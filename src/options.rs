//! Per-token options as dynamic languages pass them: a name and a loosely
//! typed value. Every binding (PHP and Ruby through the C ABI, Node and Python
//! directly) decodes options here, so that names, types, ranges and messages
//! are the same everywhere, and a misspelt option is an error, not a default.

use crate::error::{Error, ErrorKind};
use crate::token::TokenOptions;

/// How a language spells option names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionNaming {
    /// `expiresIn`, `issuedAt`, `jti`: JavaScript and PHP, as the official SDKs.
    CamelCase,
    /// `expires_in`, `issued_at`, `jti`: Python and Ruby.
    SnakeCase,
}

/// An option's value as the binding received it.
///
/// The rule for numbers: an option takes integers. A float (Python's
/// `float`, PHP's and Ruby's `Float`) is [`OptionValue::Other`], a wrong
/// type, whatever its value. JavaScript has only numbers, and cannot tell
/// `600` from `600.0`, so a JavaScript number that is a whole number is that
/// integer; one with a fraction, NaN or an infinity is a wrong type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptionValue {
    /// `null`, `None` or `nil`.
    Null,
    /// An integer. Bindings clamp integers beyond 64 bits to `i64::MIN` or
    /// `i64::MAX`, which the range checks then refuse.
    Integer(i64),
    /// A JavaScript number (JavaScript's only number type); never a float
    /// of another language, which is [`OptionValue::Other`].
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// Anything else (a string, an array, an object).
    Other,
}

/// The options, with their names in each spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Name {
    ExpiresIn,
    IssuedAt,
    Jti,
    IncludeIat,
}

const NAMES: [(Name, &str, &str); 4] = [
    (Name::ExpiresIn, "expiresIn", "expires_in"),
    (Name::IssuedAt, "issuedAt", "issued_at"),
    (Name::Jti, "jti", "jti"),
    (Name::IncludeIat, "includeIat", "include_iat"),
];

impl OptionNaming {
    /// The accepted option names in this spelling, e.g. `expiresIn`, for
    /// bindings that read each option by name.
    pub const fn names(self) -> [&'static str; 4] {
        let mut names = [""; 4];
        let mut i = 0;
        while i < NAMES.len() {
            names[i] = spelling(self, NAMES[i].1, NAMES[i].2);
            i += 1;
        }
        names
    }
}

const fn spelling(naming: OptionNaming, camel: &'static str, snake: &'static str) -> &'static str {
    match naming {
        OptionNaming::CamelCase => camel,
        OptionNaming::SnakeCase => snake,
    }
}

/// At most this much of an unknown option's name is quoted back.
const QUOTED_NAME_CHARS: usize = 40;

fn unknown(naming: OptionNaming, given: &str) -> Error {
    let accepted: Vec<&str> = NAMES.iter().map(|&(_, camel, snake)| spelling(naming, camel, snake)).collect();
    let quoted: String = given.chars().take(QUOTED_NAME_CHARS).collect();
    let ellipsis = if given.chars().count() > QUOTED_NAME_CHARS { "…" } else { "" };
    Error::new(
        ErrorKind::UnknownOption,
        format!("unknown option {quoted:?}{ellipsis}: the accepted options are {}", accepted.join(", ")),
    )
}

/// The integer a value of the right type holds, or `None` for a value of the
/// wrong type (see [`OptionValue`] for the rule on numbers).
fn integer(value: OptionValue) -> Option<i64> {
    match value {
        OptionValue::Integer(n) => Some(n),
        // `as` saturates: a whole number beyond i64 is refused by the range check.
        OptionValue::Number(x) if x.is_finite() && x.fract() == 0.0 => Some(x as i64),
        _ => None,
    }
}

/// The error for an option given twice in one call (Ruby's `:expires_in`
/// and `"expires_in"`): refused, so that neither value silently wins.
pub fn option_given_twice(naming: OptionNaming, name: &str) -> Error {
    let quoted: String = name.chars().take(QUOTED_NAME_CHARS).collect();
    let ellipsis = if name.chars().count() > QUOTED_NAME_CHARS { "…" } else { "" };
    Error::new(
        ErrorKind::UnknownOption,
        format!(
            "option {quoted:?}{ellipsis} is given twice: give each option once{}",
            match naming {
                OptionNaming::SnakeCase => " (a symbol and a string name the same option)",
                OptionNaming::CamelCase => "",
            }
        ),
    )
}

impl TokenOptions {
    /// Sets the option `name` (spelt as `naming` says) from a binding's
    /// value. Unknown names are [`ErrorKind::UnknownOption`], values of the
    /// wrong type (a float included: see [`OptionValue`]) [`ErrorKind::WrongType`];
    /// ranges are checked when minting.
    ///
    /// - `expiresIn`: seconds until `exp`; null leaves `exp` out.
    /// - `issuedAt`: `iat` in unix seconds; null means now.
    /// - `jti`: true adds a random `jti`; null means false.
    /// - `includeIat`: false leaves `iat` out; null means true.
    pub fn set(&mut self, naming: OptionNaming, name: &str, value: OptionValue) -> Result<(), Error> {
        let Some(&(option, camel, snake)) =
            NAMES.iter().find(|&&(_, camel, snake)| name == spelling(naming, camel, snake))
        else {
            return Err(unknown(naming, name));
        };
        let name = spelling(naming, camel, snake);
        let wrong_type = |expected: &str| Error::new(ErrorKind::WrongType, format!("option {name} must be {expected}"));
        match (option, value) {
            (Name::ExpiresIn, OptionValue::Null) => self.expires_in = None,
            (Name::ExpiresIn, value) => {
                self.expires_in = Some(
                    integer(value)
                        .ok_or_else(|| wrong_type("an integer number of seconds, or null for a token without exp"))?,
                )
            }
            (Name::IssuedAt, OptionValue::Null) => self.issued_at = None,
            (Name::IssuedAt, value) => {
                self.issued_at =
                    Some(integer(value).ok_or_else(|| wrong_type("an integer of unix seconds, or null for now"))?)
            }
            (Name::Jti, OptionValue::Null) => self.jti = false,
            (Name::Jti, OptionValue::Bool(jti)) => self.jti = jti,
            (Name::IncludeIat, OptionValue::Null) => self.include_iat = true,
            (Name::IncludeIat, OptionValue::Bool(include)) => self.include_iat = include,
            (Name::Jti | Name::IncludeIat, _) => return Err(wrong_type("true or false")),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(naming: OptionNaming, name: &str, value: OptionValue) -> Result<TokenOptions, Error> {
        let mut options = TokenOptions::default();
        options.set(naming, name, value).map(|()| options)
    }

    #[test]
    fn each_option_in_each_spelling() {
        use OptionNaming::*;
        assert_eq!(set(CamelCase, "expiresIn", OptionValue::Integer(600)).unwrap().expires_in, Some(600));
        assert_eq!(set(CamelCase, "expiresIn", OptionValue::Number(600.0)).unwrap().expires_in, Some(600));
        assert_eq!(set(CamelCase, "expiresIn", OptionValue::Number(1e300)).unwrap().expires_in, Some(i64::MAX));
        assert_eq!(set(CamelCase, "expiresIn", OptionValue::Null).unwrap().expires_in, None);
        assert_eq!(set(SnakeCase, "issued_at", OptionValue::Integer(7)).unwrap().issued_at, Some(7));
        assert_eq!(set(CamelCase, "issuedAt", OptionValue::Null).unwrap().issued_at, None);
        assert!(set(CamelCase, "jti", OptionValue::Bool(true)).unwrap().jti);
        assert!(!set(SnakeCase, "jti", OptionValue::Null).unwrap().jti);
        assert!(!set(SnakeCase, "include_iat", OptionValue::Bool(false)).unwrap().include_iat);
        assert!(set(CamelCase, "includeIat", OptionValue::Null).unwrap().include_iat);
    }

    #[test]
    fn misspelt_and_other_languages_names_are_unknown_and_list_the_accepted_ones() {
        for (naming, name, accepted) in [
            (OptionNaming::CamelCase, "expiresin", "expiresIn, issuedAt, jti, includeIat"),
            (OptionNaming::CamelCase, "expires_in", "expiresIn, issuedAt, jti, includeIat"),
            (OptionNaming::SnakeCase, "expiresIn", "expires_in, issued_at, jti, include_iat"),
        ] {
            let error = set(naming, name, OptionValue::Integer(1)).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::UnknownOption);
            assert_eq!(error.message(), format!("unknown option {name:?}: the accepted options are {accepted}"));
        }
        let long = "x".repeat(500);
        let quoted = format!("unknown option \"{}\"…:", "x".repeat(QUOTED_NAME_CHARS));
        assert!(set(OptionNaming::CamelCase, &long, OptionValue::Null).unwrap_err().message().starts_with(&quoted));
    }

    #[test]
    fn wrong_types_and_bad_numbers_are_explicit_errors() {
        use OptionNaming::CamelCase;
        let kind = |name, value| set(CamelCase, name, value).unwrap_err().kind();
        assert_eq!(kind("expiresIn", OptionValue::Other), ErrorKind::WrongType);
        assert_eq!(kind("expiresIn", OptionValue::Bool(true)), ErrorKind::WrongType);
        assert_eq!(kind("expiresIn", OptionValue::Number(1.5)), ErrorKind::WrongType);
        assert_eq!(kind("expiresIn", OptionValue::Number(f64::NAN)), ErrorKind::WrongType);
        assert_eq!(kind("issuedAt", OptionValue::Number(f64::INFINITY)), ErrorKind::WrongType);
        assert_eq!(kind("issuedAt", OptionValue::Other), ErrorKind::WrongType);
        assert_eq!(kind("jti", OptionValue::Integer(1)), ErrorKind::WrongType);
        assert_eq!(
            set(CamelCase, "jti", OptionValue::Other).unwrap_err().message(),
            "option jti must be true or false"
        );
    }

    #[test]
    fn an_option_given_twice_is_refused_by_name() {
        let error = option_given_twice(OptionNaming::SnakeCase, "expires_in");
        assert_eq!(error.kind(), ErrorKind::UnknownOption);
        assert!(error.message().starts_with("option \"expires_in\" is given twice"), "{}", error.message());
    }
}
