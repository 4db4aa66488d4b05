//! Recursive descent over the tokens, emitting postfix instructions as it goes (no tree, so
//! nothing recursive runs after parsing). Every construct that recurses — parentheses, a call, a
//! sign, a power — counts one nesting level against `MAX_DEPTH`, which bounds the recursion.

use super::functions::{self, Callable, Func2, CONSTANTS, FUNCTIONS};
use super::lexer::{Kind, Lexer, Token};
use super::program::Op;
use super::suggest::closest;
use super::{error_at, MAX_DEPTH, MAX_OPS};
use crate::error::Result;

pub fn parse(text: &str) -> Result<Vec<Op>> {
    let mut lexer = Lexer::new(text);
    let current = lexer.next_token()?;
    let mut p = Parser {
        lexer,
        current,
        taken: 0,
        depth: 0,
        ops: Vec::new(),
    };
    p.expr()?;
    let t = p.peek().clone();
    match t.kind {
        Kind::End => Ok(p.ops),
        Kind::RParen => Err(error_at(
            t.column,
            format!("unmatched `)` at {}: no `(` opens it", t.column),
            format!("第 {} 个字符处的 `)` 没有对应的 `(`", t.column),
        )),
        Kind::Comma => Err(error_at(
            t.column,
            format!(
                "unexpected `,` at {}: commas only separate the arguments of max, min and pow",
                t.column
            ),
            format!(
                "第 {} 个字符处出现意外的 `,`：逗号只用来分隔 max、min 和 pow 的参数",
                t.column
            ),
        )),
        _ => Err(p.missing_operator(&t)),
    }
}

struct Parser {
    lexer: Lexer,
    /// The lookahead token.
    current: Token,
    /// Tokens consumed so far (an `End` as the first one means an empty formula).
    taken: usize,
    depth: usize,
    ops: Vec<Op>,
}

const EXPECTED_OPERAND: &str = "expected a number, x, a function or `(`";
const EXPECTED_OPERAND_ZH: &str = "需要一个数字、x、函数或 `(`";

impl Parser {
    fn peek(&self) -> &Token {
        &self.current
    }

    /// Consumes the lookahead and reads the next token (where a lexing error surfaces).
    fn advance(&mut self) -> Result<Token> {
        let next = self.lexer.next_token()?;
        self.taken += 1;
        Ok(std::mem::replace(&mut self.current, next))
    }

    fn emit(&mut self, op: Op, column: usize) -> Result<()> {
        if self.ops.len() >= MAX_OPS {
            return Err(error_at(
                column,
                format!(
                    "the formula is too large at {column}: at most {MAX_OPS} numbers, variables \
                     and operations"
                ),
                format!("公式过大（第 {column} 个字符处）：最多 {MAX_OPS} 个数字、变量和运算"),
            ));
        }
        self.ops.push(op);
        Ok(())
    }

    fn enter(&mut self, column: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(error_at(
                column,
                format!(
                    "the formula is nested too deeply at {column}: at most {MAX_DEPTH} levels of \
                     parentheses, calls, signs and powers"
                ),
                format!(
                    "公式嵌套过深（第 {column} 个字符处）：括号、函数调用、正负号和乘方最多 \
                     {MAX_DEPTH} 层"
                ),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// expr := term (('+' | '-') term)*
    fn expr(&mut self) -> Result<()> {
        self.term()?;
        loop {
            let t = self.peek().clone();
            let op = match t.kind {
                Kind::Plus => Op::Add,
                Kind::Minus => Op::Sub,
                _ => return Ok(()),
            };
            self.advance()?;
            self.term()?;
            self.emit(op, t.column)?;
        }
    }

    /// term := unary (('*' | '/') unary)*
    fn term(&mut self) -> Result<()> {
        self.unary()?;
        loop {
            let t = self.peek().clone();
            let op = match t.kind {
                Kind::Star => Op::Mul,
                Kind::Slash => Op::Div,
                _ => return Ok(()),
            };
            self.advance()?;
            self.unary()?;
            self.emit(op, t.column)?;
        }
    }

    /// unary := ('-' | '+') unary | power
    fn unary(&mut self) -> Result<()> {
        let t = self.peek().clone();
        match t.kind {
            Kind::Minus | Kind::Plus => {
                self.enter(t.column)?;
                self.advance()?;
                self.unary()?;
                if t.kind == Kind::Minus {
                    self.emit(Op::Neg, t.column)?;
                }
                self.leave();
                Ok(())
            }
            _ => self.power(),
        }
    }

    /// power := primary (('^' | '**') unary)?   — right-associative; `-x^2` is `-(x^2)`.
    fn power(&mut self) -> Result<()> {
        self.primary()?;
        let t = self.peek().clone();
        if t.kind == Kind::Caret {
            self.enter(t.column)?;
            self.advance()?;
            self.unary()?;
            self.emit(Op::Pow, t.column)?;
            self.leave();
        }
        Ok(())
    }

    /// primary := number | 'x' | constant | name '(' args ')' | '(' expr ')'
    fn primary(&mut self) -> Result<()> {
        let t = self.advance()?;
        match &t.kind {
            Kind::Number(v) => self.emit(Op::Const(*v), t.column),
            Kind::Ident(name) => self.name(&t, name),
            Kind::LParen => {
                self.enter(t.column)?;
                if self.peek().kind == Kind::RParen {
                    return Err(error_at(
                        t.column,
                        format!(
                            "empty parentheses at {}: put an expression inside",
                            t.column
                        ),
                        format!("第 {} 个字符处的括号是空的：请在里面写一个表达式", t.column),
                    ));
                }
                self.expr()?;
                self.close(&t)?;
                self.leave();
                Ok(())
            }
            Kind::End if self.taken == 1 => Err(error_at(
                1,
                "the formula is empty at 1: type an expression in x, e.g. x * sigmoid(x)"
                    .to_string(),
                "公式是空的：请输入一个关于 x 的表达式，例如 x * sigmoid(x)".to_string(),
            )),
            Kind::End => Err(error_at(
                t.column,
                format!(
                    "the formula ends too early at {}: {EXPECTED_OPERAND}",
                    t.column
                ),
                format!(
                    "公式在第 {} 个字符处过早结束：{EXPECTED_OPERAND_ZH}",
                    t.column
                ),
            )),
            Kind::RParen => Err(error_at(
                t.column,
                format!(
                    "unexpected `)` at {}: {EXPECTED_OPERAND} before it",
                    t.column
                ),
                format!(
                    "第 {} 个字符处出现意外的 `)`：它前面{EXPECTED_OPERAND_ZH}",
                    t.column
                ),
            )),
            other => Err(error_at(
                t.column,
                format!(
                    "unexpected {} at {}: {EXPECTED_OPERAND}",
                    other.describe(&t.text),
                    t.column
                ),
                format!(
                    "第 {} 个字符处出现意外的 {}：{EXPECTED_OPERAND_ZH}",
                    t.column,
                    other.describe_zh(&t.text)
                ),
            )),
        }
    }

    /// Expects the `)` closing `open`.
    fn close(&mut self, open: &Token) -> Result<()> {
        let t = self.peek().clone();
        match t.kind {
            Kind::RParen => {
                self.advance()?;
                Ok(())
            }
            Kind::End => Err(error_at(
                open.column,
                format!(
                    "unclosed parenthesis: the `(` at {} has no matching `)`",
                    open.column
                ),
                format!(
                    "括号未闭合：第 {} 个字符处的 `(` 没有对应的 `)`",
                    open.column
                ),
            )),
            Kind::Comma => Err(error_at(
                t.column,
                format!(
                    "unexpected `,` at {}: only max, min and pow take two arguments",
                    t.column
                ),
                format!(
                    "第 {} 个字符处出现意外的 `,`：只有 max、min 和 pow 接受两个参数",
                    t.column
                ),
            )),
            _ => Err(self.missing_operator(&t)),
        }
    }

    /// An operand where an operator or `)` was due: most often an implicit product like `2x`.
    fn missing_operator(&self, t: &Token) -> crate::Error {
        let product = matches!(t.kind, Kind::Number(_) | Kind::Ident(_) | Kind::LParen);
        let (hint, hint_zh) = if product {
            (
                "; write `*` to multiply (e.g. 2*x)",
                "；乘法请写 `*`（例如 2*x）",
            )
        } else {
            ("", "")
        };
        error_at(
            t.column,
            format!(
                "missing operator before {} at {}{hint}",
                t.kind.describe(&t.text),
                t.column
            ),
            format!(
                "第 {} 个字符处的 {} 前面缺少运算符{hint_zh}",
                t.column,
                t.kind.describe_zh(&t.text)
            ),
        )
    }

    /// A name: the variable, a constant, or a function call.
    fn name(&mut self, t: &Token, name: &str) -> Result<()> {
        let column = t.column;
        let called = self.peek().kind == Kind::LParen;
        if name == "x" {
            if called {
                return Err(error_at(
                    self.peek().column,
                    format!(
                        "missing operator after `x` at {}: write x*(…) to multiply",
                        self.peek().column
                    ),
                    format!(
                        "第 {} 个字符处 `x` 后面缺少运算符：乘法请写 x*(…)",
                        self.peek().column
                    ),
                ));
            }
            return self.emit(Op::X, column);
        }
        if let Some(value) = functions::constant(name) {
            if called {
                return Err(error_at(
                    column,
                    format!(
                        "`{}` at {column} is a constant, not a function; write {}*(…) to multiply",
                        t.text, t.text
                    ),
                    format!(
                        "第 {column} 个字符处的 `{}` 是常数，不是函数；乘法请写 {}*(…)",
                        t.text, t.text
                    ),
                ));
            }
            return self.emit(Op::Const(value), column);
        }
        let Some(callable) = functions::lookup(name) else {
            return Err(unknown_name(t, name, called));
        };
        if !called {
            return Err(error_at(
                column,
                format!(
                    "`{}` at {column} is a function: write {name}(…) with its argument in parentheses",
                    t.text
                ),
                format!(
                    "第 {column} 个字符处的 `{}` 是函数：请写成 {name}(…)，参数放在括号里",
                    t.text
                ),
            ));
        }
        let open = self.advance()?;
        self.enter(open.column)?;
        let mut args = 0;
        if self.peek().kind != Kind::RParen {
            loop {
                self.expr()?;
                args += 1;
                if self.peek().kind == Kind::Comma {
                    self.advance()?;
                    continue;
                }
                break;
            }
        }
        match self.peek().kind {
            Kind::RParen => {
                self.advance()?;
            }
            Kind::End => {
                return Err(error_at(
                    open.column,
                    format!(
                        "unclosed parenthesis: the `(` of `{}` at {} has no matching `)`",
                        t.text, open.column
                    ),
                    format!(
                        "括号未闭合：第 {} 个字符处 `{}` 的 `(` 没有对应的 `)`",
                        open.column, t.text
                    ),
                ))
            }
            _ => return Err(self.missing_operator(&self.peek().clone())),
        }
        if args != callable.arity() {
            let (wanted, wanted_zh) = match callable.arity() {
                1 => (
                    format!("one argument, e.g. {name}(x)"),
                    format!("一个参数，例如 {name}(x)"),
                ),
                _ => (
                    format!("two arguments, e.g. {name}(x, 0)"),
                    format!("两个参数，例如 {name}(x, 0)"),
                ),
            };
            return Err(error_at(
                column,
                format!("`{}` at {column} takes {wanted}; got {args}", t.text),
                format!(
                    "第 {column} 个字符处的 `{}` 需要{wanted_zh}；实际给了 {args} 个",
                    t.text
                ),
            ));
        }
        let op = match callable {
            Callable::One(f) => Op::Call1(f),
            Callable::Two(Func2::Max) => Op::Max,
            Callable::Two(Func2::Min) => Op::Min,
            Callable::Two(Func2::Pow) => Op::Pow,
        };
        self.emit(op, column)?;
        self.leave();
        Ok(())
    }
}

/// The error for a name that is neither x, a constant nor a function, with a suggestion.
fn unknown_name(t: &Token, name: &str, called: bool) -> crate::Error {
    let column = t.column;
    let shown = super::truncate(&t.text);
    let functions = FUNCTIONS.iter().map(|(n, _)| *n);
    let values = ["x"].into_iter().chain(CONSTANTS.iter().map(|(n, _)| *n));
    if called {
        let (hint, hint_zh) = match closest(name, functions) {
            Some(s) => (format!("did you mean {s}?"), format!("你是想写 {s} 吗？")),
            None => (
                format!("known functions: {}", function_list()),
                format!("可用的函数：{}", function_list()),
            ),
        };
        error_at(
            column,
            format!("unknown function `{shown}` at {column}; {hint}"),
            format!("第 {column} 个字符处有未知函数 `{shown}`；{hint_zh}"),
        )
    } else {
        let (hint, hint_zh) = match closest(name, values).or_else(|| closest(name, functions)) {
            Some(s) => (format!("did you mean {s}?"), format!("你是想写 {s} 吗？")),
            None => (
                "the only variable is x (constants: pi, e)".to_string(),
                "唯一的变量是 x（常数：pi、e）".to_string(),
            ),
        };
        error_at(
            column,
            format!("unknown variable `{shown}` at {column}; {hint}"),
            format!("第 {column} 个字符处有未知变量 `{shown}`；{hint_zh}"),
        )
    }
}

/// Canonical function names, for messages.
pub fn function_list() -> String {
    let mut names: Vec<&str> = Vec::new();
    for (name, callable) in FUNCTIONS {
        if !FUNCTIONS
            .iter()
            .any(|(n, c)| c == callable && names.contains(n))
        {
            names.push(name);
        }
    }
    names.join(", ")
}
