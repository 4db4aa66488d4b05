//! Splits a formula into tokens, each with its 1-based character column (what error messages
//! point at). Accepts the look-alikes people paste from articles and Chinese keyboards: `−` (minus
//! sign), `×`, `·`, `÷`, `π`, full-width `（` `）` `，`.

use super::error_at;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Number(f64),
    /// A name, lower-cased (names are case-insensitive).
    Ident(String),
    Plus,
    Minus,
    Star,
    Slash,
    /// `^` or `**`.
    Caret,
    LParen,
    RParen,
    Comma,
    End,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: Kind,
    /// 1-based character column of the token's first character.
    pub column: usize,
    /// The token as typed (for messages).
    pub text: String,
}

impl Kind {
    /// How a message names this token.
    pub fn describe(&self, text: &str) -> String {
        match self {
            Kind::End => "the end of the formula".to_string(),
            Kind::Number(_) => format!("the number `{text}`"),
            Kind::Ident(_) => format!("`{text}`"),
            _ => format!("`{text}`"),
        }
    }
}

/// Tokens of `src`, ending with one `End` token whose column is one past the last character.
pub fn tokenize(src: &str) -> Result<Vec<Token>> {
    let chars: Vec<char> = src.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        let single = |kind: Kind| Token {
            kind,
            column,
            text: c.to_string(),
        };
        match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '0'..='9' | '.' => {
                let end = number_end(&chars, i);
                let text: String = chars[i..end].iter().collect();
                if !text.chars().any(|c| c.is_ascii_digit()) {
                    return Err(error_at(
                        column,
                        format!("a lone `.` at {column} is not a number; write e.g. 0.5"),
                    ));
                }
                let value: f64 = text.parse().map_err(|_| {
                    error_at(column, format!("`{text}` at {column} is not a number"))
                })?;
                if !value.is_finite() {
                    return Err(error_at(
                        column,
                        format!("the number `{text}` at {column} is too large"),
                    ));
                }
                tokens.push(Token {
                    kind: Kind::Number(value),
                    column,
                    text,
                });
                i = end;
                continue;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut end = i;
                while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_')
                {
                    end += 1;
                }
                let text: String = chars[i..end].iter().collect();
                tokens.push(Token {
                    kind: Kind::Ident(text.to_ascii_lowercase()),
                    column,
                    text,
                });
                i = end;
                continue;
            }
            'π' => tokens.push(Token {
                kind: Kind::Ident("pi".to_string()),
                column,
                text: "π".to_string(),
            }),
            '+' => tokens.push(single(Kind::Plus)),
            '-' | '−' => tokens.push(single(Kind::Minus)),
            '*' if chars.get(i + 1) == Some(&'*') => {
                tokens.push(Token {
                    kind: Kind::Caret,
                    column,
                    text: "**".to_string(),
                });
                i += 2;
                continue;
            }
            '*' | '×' | '·' | '∗' => tokens.push(single(Kind::Star)),
            '/' | '÷' => tokens.push(single(Kind::Slash)),
            '^' => tokens.push(single(Kind::Caret)),
            '(' | '（' => tokens.push(single(Kind::LParen)),
            ')' | '）' => tokens.push(single(Kind::RParen)),
            ',' | '，' => tokens.push(single(Kind::Comma)),
            other => {
                let hint = match other {
                    '[' | ']' | '{' | '}' => "; use ( and ) for grouping",
                    '=' | '<' | '>' | '!' | '&' | '|' => {
                        "; comparisons are not supported (try step(x) or max/min)"
                    }
                    ';' => "; a formula is one expression",
                    _ => "",
                };
                return Err(error_at(
                    column,
                    format!(
                        "unexpected character `{}` at {column}{hint}",
                        other.escape_debug()
                    ),
                ));
            }
        }
        i += 1;
    }
    tokens.push(Token {
        kind: Kind::End,
        column: chars.len() + 1,
        text: String::new(),
    });
    Ok(tokens)
}

/// One past the last character of the number starting at `start`: digits, an optional fraction,
/// and an exponent only when digits follow the `e` (so `2e` stays `2` then `e`).
fn number_end(chars: &[char], start: usize) -> usize {
    let digits = |mut i: usize| {
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = digits(start);
    if i < chars.len() && chars[i] == '.' {
        i = digits(i + 1);
    }
    if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
        let mut j = i + 1;
        if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
            j += 1;
        }
        if j < chars.len() && chars[j].is_ascii_digit() {
            i = digits(j);
        }
    }
    i
}
