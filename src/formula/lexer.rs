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

    /// How a Chinese message names this token.
    pub fn describe_zh(&self, text: &str) -> String {
        match self {
            Kind::End => "公式结尾".to_string(),
            Kind::Number(_) => format!("数字 `{text}`"),
            _ => format!("`{text}`"),
        }
    }
}

/// Reads tokens on demand, so a bad character is reported only when the parser reaches it and an
/// earlier mistake is reported first (errors come in reading order).
pub struct Lexer {
    chars: Vec<char>,
    i: usize,
}

impl Lexer {
    pub fn new(src: &str) -> Lexer {
        Lexer {
            chars: src.chars().collect(),
            i: 0,
        }
    }

    /// The next token; after the last one, `End` (column one past the last character) forever.
    pub fn next_token(&mut self) -> Result<Token> {
        let chars = &self.chars;
        while self.i < chars.len() && chars[self.i].is_whitespace() {
            self.i += 1;
        }
        let i = self.i;
        let column = i + 1;
        let Some(&c) = chars.get(i) else {
            return Ok(Token {
                kind: Kind::End,
                column,
                text: String::new(),
            });
        };
        let (kind, len) = match c {
            '0'..='9' | '.' => {
                let end = number_end(chars, i);
                let text: String = chars[i..end].iter().collect();
                if !text.chars().any(|c| c.is_ascii_digit()) {
                    return Err(error_at(
                        column,
                        format!("a lone `.` at {column} is not a number; write e.g. 0.5"),
                        format!("第 {column} 个字符处单独的 `.` 不是数字；请写成如 0.5 的形式"),
                    ));
                }
                let value: f64 = text.parse().map_err(|_| {
                    error_at(
                        column,
                        format!("`{text}` at {column} is not a number"),
                        format!("第 {column} 个字符处的 `{text}` 不是数字"),
                    )
                })?;
                if !value.is_finite() {
                    return Err(error_at(
                        column,
                        format!("the number `{text}` at {column} is too large"),
                        format!("第 {column} 个字符处的数字 `{text}` 太大"),
                    ));
                }
                (Kind::Number(value), end - i)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut end = i;
                while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_')
                {
                    end += 1;
                }
                let name: String = chars[i..end].iter().collect();
                (Kind::Ident(name.to_ascii_lowercase()), end - i)
            }
            'π' => (Kind::Ident("pi".to_string()), 1),
            '+' => (Kind::Plus, 1),
            '-' | '−' => (Kind::Minus, 1),
            '*' if chars.get(i + 1) == Some(&'*') => (Kind::Caret, 2),
            '*' | '×' | '·' | '∗' => (Kind::Star, 1),
            '/' | '÷' => (Kind::Slash, 1),
            '^' => (Kind::Caret, 1),
            '(' | '（' => (Kind::LParen, 1),
            ')' | '）' => (Kind::RParen, 1),
            ',' | '，' => (Kind::Comma, 1),
            other => {
                let (hint, hint_zh) = match other {
                    '[' | ']' | '{' | '}' => ("; use ( and ) for grouping", "；分组请用 ( 和 )"),
                    '=' | '<' | '>' | '!' | '&' | '|' => (
                        "; comparisons are not supported (try step(x) or max/min)",
                        "；不支持比较运算（可以试试 step(x) 或 max/min）",
                    ),
                    ';' => ("; a formula is one expression", "；公式只能是一个表达式"),
                    _ => ("", ""),
                };
                return Err(error_at(
                    column,
                    format!(
                        "unexpected character `{}` at {column}{hint}",
                        other.escape_debug()
                    ),
                    format!(
                        "第 {column} 个字符处出现意外的字符 `{}`{hint_zh}",
                        other.escape_debug()
                    ),
                ));
            }
        };
        self.i += len;
        Ok(Token {
            kind,
            column,
            text: chars[i..i + len].iter().collect(),
        })
    }
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
