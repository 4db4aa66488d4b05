//! The one error type of the core. The web skin turns it into a `JsError` carrying the message,
//! the CLI prints it and exits with status 2, so every message here is written for a person.

use thiserror::Error;

/// Everything the core can reject. Messages name the valid choices where there are few.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
    /// An activation name that is not in the catalog.
    #[error("unknown activation `{name}`; valid names: {valid}")]
    UnknownActivation { name: String, valid: String },

    /// A dataset name that is not one of the built-in sets.
    #[error("unknown dataset `{name}`; valid names: {valid}")]
    UnknownDataset { name: String, valid: String },

    /// A parameter key the activation does not take.
    #[error("`{activation}` has no parameter `{key}`; it takes: {valid}")]
    UnknownParameter {
        activation: String,
        key: String,
        valid: String,
    },

    /// A parameter value outside what the function accepts.
    #[error("`{activation}`: parameter `{key}` = {value} is invalid: {reason}")]
    InvalidParameter {
        activation: String,
        key: String,
        value: f64,
        reason: String,
        /// `reason` in Chinese.
        reason_zh: String,
    },

    /// A custom activation formula that does not parse; `column` is the 1-based character column
    /// of the mistake (the page puts a caret there) and `message` already names it.
    #[error("{message}")]
    Formula {
        column: usize,
        message: String,
        /// The same message in Chinese, for the page in 中文 (the CLI prints `message`).
        message_zh: String,
    },

    /// A CSV text that does not parse; `line` is 1-based (the page highlights it).
    #[error("line {line}: {message}")]
    Csv {
        line: usize,
        message: String,
        /// The same message in Chinese (without the line, which `message_in` adds).
        message_zh: String,
    },

    /// Input a person can get wrong from the page (a link, a pasted CSV, a model file, the form),
    /// with its message in both page languages; the CLI prints `en`.
    #[error("{en}")]
    Text { en: String, zh: String },

    /// Generic invalid input with a message (configs, CLI values, programmer errors). Input the
    /// page can reach uses [`Error::Text`] instead, so it has a Chinese form.
    #[error("{0}")]
    Invalid(String),
}

/// Shorthand used across the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A message in English (`en`, what the CLI prints) and Chinese (`zh`, the page in 中文).
    pub fn text(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Error::Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The message in the page's language: the Chinese form where the core has one, else the
    /// English text (`Error::Invalid`: configs, CLI values, programmer errors).
    pub fn message_in(&self, zh: bool) -> String {
        if !zh {
            return self.to_string();
        }
        match self {
            Error::Formula { message_zh, .. } => message_zh.clone(),
            Error::Text { zh, .. } => zh.clone(),
            Error::Csv {
                line, message_zh, ..
            } => format!("第 {line} 行：{message_zh}"),
            Error::UnknownActivation { name, valid } => {
                format!("未知的激活函数 `{name}`；可用的名称：{valid}")
            }
            Error::UnknownDataset { name, valid } => {
                format!("未知的数据集 `{name}`；可用的名称：{valid}")
            }
            Error::UnknownParameter {
                activation,
                key,
                valid,
            } => {
                let valid = match valid.as_str() {
                    NO_PARAMETERS => "无参数",
                    NO_PARAMETERS_FORMULA => "无参数（把数字写进公式）",
                    other => other,
                };
                format!("`{activation}` 没有参数 `{key}`；它接受：{valid}")
            }
            Error::InvalidParameter {
                activation,
                key,
                value,
                reason_zh,
                ..
            } => format!("`{activation}`：参数 `{key}` = {value} 无效：{reason_zh}"),
            Error::Invalid(en) => en.clone(),
        }
    }
}

/// `UnknownParameter::valid` of a function without parameters.
pub const NO_PARAMETERS: &str = "no parameters";
/// `UnknownParameter::valid` of a custom formula.
pub const NO_PARAMETERS_FORMULA: &str = "no parameters (write numbers into the formula)";

#[cfg(test)]
mod tests {
    //! Every error a reader can cause from the page (a link, the form, a pasted CSV, a loaded model
    //! file, edited points) has a Chinese form with no English words besides names.
    use super::*;
    use crate::data::csv::{parse_csv, CsvTask};
    use crate::data::user::UserData;
    use crate::nn::model_file::ModelFile;
    use crate::nn::Trainer;
    use crate::state::PageState;
    use crate::training::TrainSetup;

    /// Names and identifiers that may stay in Latin letters in a Chinese message.
    const NAMES: &[&str] = &[
        "csv", "json", "mnist", "sgd", "adam", "eps", "momentum", "nesterov", "nan", "mib", "utf",
        "pytorch", "softmax", "mse", "dropout", "gamma", "label", "digits",
        // Values the messages list as the valid choices.
        "auto", "constant", "step", "cosine", "conv", "pool", "drop", "flatten", "same", "valid",
        "avgpool", "gap", "bn", "bnpost",
    ];

    /// The Latin words of `zh` outside `backticks` that are not names or identifiers.
    fn english_words(zh: &str) -> Vec<String> {
        let outside: String = zh
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
            .join(" ");
        outside
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .map(|w| w.trim_matches('.'))
            .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
            // Identifiers carry digits, underscores or dots (conv8k3, glorot_uniform, t.lr).
            .filter(|w| {
                !w.chars()
                    .any(|c| c.is_ascii_digit() || c == '_' || c == '.')
            })
            .filter(|w| w.len() > 1 && !is_name(w))
            .map(str::to_string)
            .collect()
    }

    /// A name: in [`NAMES`], a catalog function, a data set.
    fn is_name(w: &str) -> bool {
        let w = w.to_ascii_lowercase();
        NAMES.contains(&w.as_str())
            || crate::activation::CATALOG.iter().any(|s| s.name == w)
            || crate::data::toy::TwoD::ALL.iter().any(|d| d.name() == w)
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Checks the Chinese form of `e`, caused by `what`; returns a line per problem.
    fn check(what: &str, e: &Error) -> Option<String> {
        let zh = e.message_in(true);
        let words = english_words(&zh);
        if zh.trim().is_empty() || !has_cjk(&zh) || !words.is_empty() {
            Some(format!("{what}: {zh:?} (English: {words:?}; en: {e})"))
        } else {
            None
        }
    }

    fn expect_err<T: std::fmt::Debug>(what: &str, r: Result<T>) -> Error {
        match r {
            Err(e) => e,
            Ok(v) => panic!("{what} was accepted: {v:?}"),
        }
    }

    #[test]
    fn english_words_finds_english_and_spares_names() {
        assert_eq!(
            english_words("链接设置 `t.lr` = `abc`：不是数字"),
            Vec::<String>::new()
        );
        assert_eq!(
            english_words("conv8k3 与 glorot_uniform"),
            Vec::<String>::new()
        );
        assert_eq!(english_words("第 3 行：label is not 0/1"), ["is", "not"]);
    }

    #[test]
    fn link_errors_have_a_chinese_form() {
        let hashes = [
            "fn=relu,nosuch",
            "fn=relu,relu",
            "fn=relu&range=5:1",
            "fn=relu&range=abc",
            "fn=relu&range=-1e9:1e9",
            "fn=relu&deriv=2",
            "fn=relu&dmode=side",
            "fn=relu&lang=fr",
            "fn=relu&theme=blue",
            "fn=relu&focus=tanh",
            "fn=relu&nosuch=1",
            "fn=relu&tanh.alpha=1",
            "fn=leaky_relu&leaky_relu.negative_slope=abc",
            "fn=leaky_relu&leaky_relu.nope=1",
            "fn=hardtanh&hardtanh.min_val=2&hardtanh.max_val=1",
            "fn=elu&elu.alpha=1e9",
            "fn=f(2x)",
            "fn=relu&deriv",
            "fn=relu&deriv=1&deriv=0",
            "fn=%zz",
            "fn=%ff",
        ];
        let problems: Vec<String> = hashes
            .iter()
            .filter_map(|h| check(h, &expect_err(h, PageState::parse(h))))
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn training_link_errors_have_a_chinese_form() {
        let hashes = [
            "t.lr=abc",
            "t.lr=0",
            "t.lr=inf",
            "t.bs=-1",
            "t.bs=0",
            "t.ep=0",
            "t.n=1",
            "t.ds=nosuch",
            "t.opt=rmsprop",
            "t.loss=hinge",
            "t.init=zeros",
            "t.sched=linear",
            "t.sched=step&t.every=0",
            "t.sched=step&t.gamma=2",
            "t.sched=cosine&t.floor=2",
            "t.gamma=0.5",
            "t.warm=1000000000",
            "t.act=nosuch",
            "t.act=step",
            "t.act=leaky_relu(abc)",
            "t.act=leaky_relu(1;2)",
            "t.act=elu(",
            "t.act=",
            "t.h=0",
            "t.h=8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8",
            "t.layers=conv0k3",
            "t.layers=conv8k3,flatten,conv8k3",
            "t.layers=nosuch",
            "t.layers=drop2",
            "t.ds=circle&t.layers=conv8k3",
            "t.noise=1000",
            "t.ratio=0.99",
            "t.target=2",
            "t.stop=2",
            "t.ds=plane&t.stop=0.5",
            "t.ds=plane&t.loss=softmax_cross_entropy",
            "t.ds=gaussians3&t.loss=sigmoid_bce",
            "t.cmp=",
            "t.dk=other",
            "t.do=1.5",
            "t.l1=100",
            "t.cv=-1",
            "t.res=1&t.h=4,8",
            "t.act=relu,tanh,relu&t.h=8,8",
            "t.fn=2x",
            "t.nosuch=1",
            "t.lr=0.1&t.lr=0.2",
            "t.ds=digits&t.h=2048,2048,2048",
            "t.bs=100000&t.h=512,512,512",
            "t.opt=adam(eps=-1)",
        ];
        let problems: Vec<String> = hashes
            .iter()
            .filter_map(|h| match TrainSetup::parse_hash(h) {
                Err(e) => check(h, &e),
                Ok(_) => None, // not every spelling above is rejected by every build of the rules
            })
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        // These must be rejected, in Chinese.
        for h in [
            "t.lr=abc",
            "t.opt=rmsprop",
            "t.layers=conv0k3",
            "t.ds=nosuch",
        ] {
            let e = expect_err(h, TrainSetup::parse_hash(h));
            assert!(check(h, &e).is_none(), "{h}: {}", e.message_in(true));
        }
        // The CLI and the English page keep the English text.
        let e = expect_err("t.lr=abc", TrainSetup::parse_hash("t.lr=abc"));
        assert_eq!(e.message_in(false), e.to_string());
        assert!(e.to_string().contains("not a number"), "{e}");
    }

    /// Every refusal of a layer list (its syntax, its order, its fit to the data, the size caps,
    /// the layer editor's rows) states its own Chinese sentence, not the English one.
    #[test]
    fn layer_list_errors_have_a_chinese_form() {
        use crate::nn::layer::conv2d::Padding;
        use crate::nn::layer::list::check_order;
        use crate::nn::layer::spec::{LayerSpec, MAX_ITEMS};
        use crate::training::layer_rows::{rows_text, Row};

        let many = vec!["8"; MAX_ITEMS + 1].join(",");
        let hashes = [
            "t.ds=mnist&t.layers=".to_string(),
            "t.ds=mnist&t.layers=lstm64".into(),
            "t.ds=mnist&t.layers=conv".into(),
            "t.ds=mnist&t.layers=conv8".into(),
            "t.ds=mnist&t.layers=conv8k".into(),
            "t.ds=mnist&t.layers=conv8k3s1234567".into(),
            "t.ds=mnist&t.layers=conv8k3x".into(),
            "t.ds=mnist&t.layers=conv999999k3".into(),
            "t.ds=mnist&t.layers=conv8k99".into(),
            "t.ds=mnist&t.layers=conv8k3s9".into(),
            "t.ds=mnist&t.layers=pool".into(),
            "t.ds=mnist&t.layers=pool2x".into(),
            "t.ds=mnist&t.layers=pool2s".into(),
            "t.ds=mnist&t.layers=pool9".into(),
            "t.ds=mnist&t.layers=pool2s9".into(),
            "t.ds=mnist&t.layers=conv8k3,drop".into(),
            "t.ds=mnist&t.layers=conv8k3,drop2".into(),
            "t.ds=mnist&t.layers=conv8k3,99999".into(),
            "t.ds=mnist&t.layers=drop0.5,conv8k3".into(),
            "t.ds=mnist&t.layers=flatten,conv8k3".into(),
            "t.ds=mnist&t.layers=flatten,flatten".into(),
            format!("t.ds=mnist&t.layers={many}"),
            "t.ds=digits&t.layers=conv8k9".into(),
            "t.ds=digits&t.layers=pool2,pool2,pool2,pool2".into(),
            "t.ds=circle&t.layers=conv8k3".into(),
            "t.ds=xor&t.layers=pool2".into(),
            "t.ds=mnist&t.layers=conv64k3s2,flatten,1024".into(),
            "t.ds=mnist&t.bs=4096&t.layers=conv256k3same".into(),
            "t.ds=digits&t.bs=4096&t.layers=pool2,flatten,1024,1024".into(),
            "t.ds=digits&t.layers=conv256k7same,conv256k7same".into(),
        ];
        let mut errors: Vec<(String, Error)> = hashes
            .iter()
            .map(|h| (h.clone(), expect_err(h, TrainSetup::parse_hash(h))))
            .collect();
        // A list that skipped the parser (a config or model file): checked by its order rules.
        let conv = |filters, kernel, stride| LayerSpec::Conv {
            filters,
            kernel,
            stride,
            padding: Padding::Valid,
        };
        let lists = [
            vec![conv(0, 3, 1)],
            vec![conv(8, 99, 1)],
            vec![conv(8, 3, 0)],
            vec![LayerSpec::Pool { size: 0, stride: 2 }],
            vec![conv(8, 3, 1), LayerSpec::Dropout { rate: 1.5 }],
            vec![LayerSpec::Dense { units: 0 }],
            vec![LayerSpec::Flatten; MAX_ITEMS + 1],
        ];
        for l in &lists {
            errors.push((format!("{l:?}"), expect_err("list", check_order(l))));
        }
        // The layer editor's rows.
        let mut lstm = Row::new();
        lstm.insert("kind".into(), "lstm".into());
        let mut flatten = Row::new();
        flatten.insert("kind".into(), "flatten".into());
        errors.push(("rows: lstm".into(), expect_err("rows", rows_text(&[lstm]))));
        let rows = vec![flatten; MAX_ITEMS + 1];
        errors.push(("rows: many".into(), expect_err("rows", rows_text(&rows))));

        let mut problems: Vec<String> = errors.iter().filter_map(|(w, e)| check(w, e)).collect();
        for (what, e) in &errors {
            let (en, zh) = (e.message_in(false), e.message_in(true));
            if zh == en || zh.contains(" must ") || zh.contains("expected") {
                problems.push(format!("{what}: {zh:?} (en: {en})"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn csv_errors_have_a_chinese_form() {
        let too_big = "1,2,0\n".repeat(crate::data::csv::MAX_BYTES / 6 + 2);
        let many_columns = format!("{}\n", vec!["1"; 64].join(","));
        let cases: Vec<(&str, String, CsvTask)> = vec![
            ("empty", String::new(), CsvTask::Classes),
            ("one column", "1\n2\n".into(), CsvTask::Classes),
            ("too many columns", many_columns, CsvTask::Classes),
            ("ragged", "1,2,0\n1,0\n".into(), CsvTask::Classes),
            ("empty field", "1,,0\n1,2,1\n".into(), CsvTask::Classes),
            (
                "bad label",
                "x1,x2,label\n1,2,0\n3,4,cat\n".into(),
                CsvTask::Classes,
            ),
            ("bad binary", "1,2,0\n3,4,2\n".into(), CsvTask::Binary),
            ("bad target", "1,2,abc\n".into(), CsvTask::Regression),
            ("inf target", "1,2,inf\n".into(), CsvTask::Regression),
            ("bad number", "1,abc,0\n1,2,1\n".into(), CsvTask::Classes),
            ("inf number", "1,inf,0\n1,2,1\n".into(), CsvTask::Classes),
            ("one row", "1,2,0\n".into(), CsvTask::Classes),
            (
                "one class",
                "1,2,0\n3,4,0\n5,6,0\n".into(),
                CsvTask::Classes,
            ),
            ("gap", "1,2,0\n3,4,2\n5,6,2\n".into(), CsvTask::Classes),
            ("too big", too_big, CsvTask::Classes),
        ];
        let problems: Vec<String> = cases
            .iter()
            .filter_map(|(what, text, task)| check(what, &expect_err(what, parse_csv(text, *task))))
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let e = expect_err(
            "bad label",
            parse_csv("x1,x2,label\n1,2,0\n3,4,cat\n", CsvTask::Classes),
        );
        assert!(
            e.message_in(true).starts_with("第 3 行："),
            "{}",
            e.message_in(true)
        );
        assert!(e.to_string().starts_with("line 3: "), "{e}");
        for bad in ["", "{", "{\"kind\":\"points\",\"set\":\"{}\"}"] {
            if let Err(e) = UserData::from_json(bad) {
                assert!(check(bad, &e).is_none(), "{bad}: {}", e.message_in(true));
            }
        }
    }

    #[test]
    fn model_file_errors_have_a_chinese_form() {
        let cases = [
            ("not JSON", "hello".to_string()),
            ("truncated", "{\"format\":".to_string()),
            ("not an object", "[1,2]".to_string()),
            (
                "other format",
                "{\"format\":\"other\",\"version\":1}".to_string(),
            ),
            ("no format", "{\"version\":1}".to_string()),
            (
                "future version",
                format!("{{\"format\":\"{}\",\"version\":999}}", model_format()),
            ),
            (
                "no version",
                format!("{{\"format\":\"{}\"}}", model_format()),
            ),
            (
                "malformed",
                format!("{{\"format\":\"{}\",\"version\":1}}", model_format()),
            ),
        ];
        let mut problems: Vec<String> = cases
            .iter()
            .filter_map(|(what, json)| check(what, &expect_err(what, ModelFile::parse(json))))
            .collect();

        // A real file, then inconsistent edits of it and a data set it does not fit.
        let setup = TrainSetup::parse_hash("t.ds=circle&t.h=4&t.ep=1").unwrap();
        let split = setup.build_split(None).unwrap();
        let trainer = Trainer::new(setup.config.clone(), split).unwrap();
        let good = setup.save_model(&trainer);
        let mut doc: serde_json::Value = serde_json::from_str(&good).unwrap();
        doc["features"] = serde_json::json!(3);
        let wrong_features = doc.to_string();
        let mut doc: serde_json::Value = serde_json::from_str(&good).unwrap();
        doc["layers"][0]["biases"] = serde_json::json!([0.0]);
        let wrong_biases = doc.to_string();
        for (what, json) in [("features", wrong_features), ("biases", wrong_biases)] {
            if let Some(p) = check(what, &expect_err(what, ModelFile::parse(&json))) {
                problems.push(p);
            }
        }
        let digits = TrainSetup::parse_hash("t.ds=digits").unwrap();
        let mut doc: serde_json::Value = serde_json::from_str(&good).unwrap();
        doc["data"] = serde_json::Value::Null;
        let nameless = doc.to_string();
        if let Err(e) = TrainSetup::load_model(&nameless, &digits) {
            if let Some(p) = check("does not fit", &e) {
                problems.push(p);
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    fn model_format() -> &'static str {
        crate::nn::model_file::FORMAT
    }

    #[test]
    fn catalog_errors_have_a_chinese_form() {
        use crate::activation::Activation;
        let errors = [
            Activation::new("nosuch", &[]).unwrap_err(),
            Activation::new("relu", &[("alpha", 1.0)]).unwrap_err(),
            Activation::new("elu", &[("alpha", f64::NAN)]).unwrap_err(),
            Activation::new("hardtanh", &[("min_val", 2.0), ("max_val", 1.0)]).unwrap_err(),
            Activation::new("f(x)", &[("a", 1.0)]).unwrap_err(),
        ];
        let problems: Vec<String> = errors
            .iter()
            .filter_map(|e| check(&e.to_string(), e))
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
