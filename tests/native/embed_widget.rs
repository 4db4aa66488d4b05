//! The embeddable widgets' one parser (`training::embed`): an element's attributes and embed.html's
//! `#view=train|compare&…` hash mean exactly what the page's `t.` link keys mean, a widget writes
//! itself back (hash, attributes, both snippets) so that reading it again gives the same widget,
//! and anything wrong is refused with a message naming it, in English and Chinese.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::state::PageState;
use activation_lab::training::embed::{
    default_charts, Chart, View, Widget, ATTRIBUTES, DEFAULT_CHART_COUNT, DEFAULT_SPEED,
};
use activation_lab::training::presets::{cnn_preset, compare_preset, COMPARE_PRESETS};
use activation_lab::training::TrainSetup;

fn attrs<'a>(pairs: &'a [(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    pairs.to_vec()
}

fn train(pairs: &[(&str, &str)]) -> Widget {
    Widget::from_attributes(View::Train, &attrs(pairs)).unwrap()
}

fn compare(pairs: &[(&str, &str)]) -> Widget {
    Widget::from_attributes(View::Compare, &attrs(pairs)).unwrap()
}

fn refused(view: View, pairs: &[(&str, &str)]) -> (String, String) {
    let e = Widget::from_attributes(view, &attrs(pairs)).expect_err("should be refused");
    (e.message_in(false), e.message_in(true))
}

/// A setup from the page's own link keys.
fn link(pairs: &str) -> TrainSetup {
    TrainSetup::parse_hash(pairs).unwrap()
}

#[test]
fn attributes_mean_what_the_link_keys_mean() {
    let w = train(&[
        ("dataset", "xor"),
        ("layers", "8,8"),
        ("activation", "tanh"),
        ("epochs", "30"),
        ("seed", "7"),
        ("lr", "0.05"),
        ("optimizer", "momentum"),
        ("noise", "10"),
    ]);
    assert_eq!(
        w.setup,
        link("t.ds=xor&t.h=8,8&t.act=tanh&t.ep=30&t.seed=7&t.lr=0.05&t.opt=momentum&t.noise=10")
    );
    // A conv layer list, per-layer activations, clipping and AlphaDropout.
    let w = train(&[
        ("dataset", "digits"),
        ("layers", "conv8k3same,pool2,drop0.1,32"),
        ("activation", "selu,selu"),
        ("init", "lecun_normal"),
        ("clip-value", "0.5"),
        ("dropout-kind", "alpha"),
    ]);
    assert_eq!(
        w.setup,
        link("t.ds=digits&t.layers=conv8k3same,pool2,drop0.1,32&t.act=selu,selu&t.init=lecun_normal&t.cv=0.5&t.dk=alpha")
    );
    // `layers="none"` is the network without hidden layers (`t.h=none`).
    assert!(train(&[("layers", "none")]).setup.config.layers.is_empty());
    // Nothing given: the page's default setup.
    assert_eq!(train(&[]).setup, TrainSetup::default());
}

#[test]
fn a_preset_is_the_pages_preset_and_other_attributes_change_it() {
    for name in COMPARE_PRESETS {
        let w = compare(&[("preset", name)]);
        let pairs: Vec<String> = compare_preset(name, "")
            .unwrap()
            .into_iter()
            .map(|(k, v)| format!("t.{k}={v}"))
            .collect();
        assert_eq!(w.setup, link(&pairs.join("&")), "preset {name}");
    }
    // The article's MNIST stand-in keeps MNIST when the attributes ask for it.
    assert_eq!(
        compare(&[("preset", "article"), ("dataset", "mnist")])
            .setup
            .data
            .name(),
        "mnist"
    );
    let deep = compare(&[("preset", "deep"), ("epochs", "3"), ("seed", "11")]);
    assert_eq!(deep.setup.config.epochs, 3);
    assert_eq!(deep.setup.config.seed, 11);
    assert_eq!(
        deep.setup.config.layers,
        compare(&[("preset", "deep")]).setup.config.layers
    );
    // Training widgets take the layer editor's CNN presets too.
    let cnn = train(&[("preset", "small-cnn")]);
    let pairs: Vec<String> = cnn_preset("small-cnn")
        .unwrap()
        .into_iter()
        .filter_map(|(k, v)| Some(format!("t.{k}={}", v?)))
        .collect();
    assert_eq!(cnn.setup, link(&pairs.join("&")));
}

/// Widgets that exercise every kind of setting.
fn samples() -> Vec<Widget> {
    vec![
        train(&[]),
        train(&[
            ("dataset", "spiral"),
            ("layers", "16,16,16"),
            ("activation", "leaky_relu(0.2)"),
            (
                "charts",
                "loss,accuracy,boundary,network,gradients,meanstd,dead",
            ),
            ("autoplay", ""),
            ("speed", "5"),
            ("theme", "dark"),
            ("lang", "zh-CN"),
            ("schedule", "step"),
            ("decay-every", "3"),
            ("decay-gamma", "0.7"),
            ("stop", "0.95"),
        ]),
        train(&[
            ("dataset", "fn"),
            ("curve", "x*x - 0.5"),
            ("charts", "loss,confusion"),
        ]),
        train(&[
            ("preset", "small-cnn"),
            ("charts", "loss,maps,misclassified"),
        ]),
        train(&[("dataset", "plane"), ("layers", "none")]),
        compare(&[("preset", "deep"), ("charts", "accuracy,gradients,dead")]),
        compare(&[
            ("preset", "selu-vs-batchnorm"),
            ("charts", "meanstd,accuracy"),
        ]),
        compare(&[("preset", "article-cnn"), ("speed", "0")]),
        compare(&[
            ("dataset", "circle"),
            ("activations", "relu,leaky_relu(negative_slope=0.2),elu"),
            ("lr", "3"),
            ("target", "0.8"),
        ]),
    ]
}

#[test]
fn a_widget_reads_back_from_its_hash_and_its_attributes() {
    for w in samples() {
        let hash = w.to_hash();
        assert_eq!(Widget::parse_hash(&hash).unwrap(), w, "hash {hash}");
        let owned = w.attributes();
        let pairs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let back = Widget::from_attributes(w.view, &pairs).unwrap();
        // A training widget's attributes leave the compare line-up out (it is not shown).
        let mut expected = w.clone();
        if w.view == View::Train {
            expected.setup.compare = back.setup.compare.clone();
            expected.setup.target = back.setup.target;
        }
        assert_eq!(back, expected, "attributes {pairs:?}");
    }
}

#[test]
fn the_snippets_carry_the_widget_and_nothing_else() {
    let base = "https://example.org/lab/";
    for w in samples() {
        let (iframe, element) = w.snippets(base, false);
        // The iframe's src: embed.html with the widget's hash.
        let src = between(&iframe, "src=\"", "\"");
        let hash = unescape(src.strip_prefix(&format!("{base}embed.html#")).unwrap());
        assert_eq!(Widget::parse_hash(&hash).unwrap(), w, "{iframe}");
        let height: u32 = between(&iframe, "height=\"", "\"").parse().unwrap();
        assert_eq!(height, w.frame_height());
        // The element: the script tag, then the tag with the widget's attributes.
        let tag = w.view.element();
        assert!(
            element.starts_with(&format!(
                "<script type=\"module\" src=\"{base}embed.js\"></script>\n<{tag} "
            )),
            "{element}"
        );
        assert!(element.ends_with(&format!("></{tag}>")), "{element}");
        let open = between(&element, &format!("<{tag} "), ">");
        let parsed = attributes_of(open);
        let refs: Vec<(&str, &str)> = parsed
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            Widget::from_attributes(w.view, &refs).unwrap().to_hash(),
            Widget::from_attributes(w.view, &attrs_of(&w))
                .unwrap()
                .to_hash()
        );
    }
    // Markup never reaches a snippet: the formula parser refuses it by position.
    let (en, _) = refused(
        View::Train,
        &[
            ("dataset", "fn"),
            ("curve", "x*x\"><script>alert(1)</script>"),
        ],
    );
    assert!(en.contains("unexpected character"), "{en}");
    // A base URL with markup in it is escaped, not pasted raw.
    let (iframe, element) = train(&[]).snippets("https://x.org/\"><b>/", false);
    for s in [&iframe, &element] {
        assert!(
            !s.contains("\"><b>") && s.contains("&quot;&gt;&lt;b&gt;"),
            "{s}"
        );
    }
    // The title speaks the page's language.
    let (zh, _) = compare(&[("preset", "deep")]).snippets(base, true);
    assert!(
        zh.contains("title=\"Activation Lab：在 digits 上比较 sigmoid, relu\""),
        "{zh}"
    );
}

#[test]
fn the_page_section_gives_its_widget_with_the_view_defaults() {
    let setup = link("t.ds=moons&t.h=6&t.act=elu&t.ep=40");
    let w = Widget::for_setup(View::Train, setup.clone()).unwrap();
    assert_eq!(w.setup, setup);
    assert_eq!(w.charts, default_charts(View::Train, &setup));
    assert!(!w.autoplay);
    assert_eq!(w.speed, DEFAULT_SPEED);
    // The reader's own points or CSV stay in their browser: no widget of them.
    let custom = link("t.ds=custom");
    let e = Widget::for_setup(View::Compare, custom).unwrap_err();
    assert!(e.message_in(false).contains("named data set"), "{e}");
}

#[test]
fn default_charts_are_always_two_and_fit_the_data() {
    for ds in ["circle", "xor", "spiral3", "plane", "digits", "mnist", "fn"] {
        let setup = link(&format!("t.ds={ds}"));
        for view in View::ALL {
            let charts = default_charts(view, &setup);
            assert_eq!(charts.len(), DEFAULT_CHART_COUNT, "{ds} {view:?}");
            // The defaults are accepted by the same checks as a `charts` attribute.
            let names: Vec<&str> = charts.iter().map(|c| c.name()).collect();
            let w = Widget::from_attributes(view, &[("dataset", ds), ("charts", &names.join(","))]);
            assert!(w.is_ok(), "{ds} {view:?}: {w:?}");
        }
    }
    assert_eq!(
        train(&[("dataset", "digits")]).charts,
        vec![Chart::Loss, Chart::Confusion]
    );
    assert_eq!(compare(&[]).charts, vec![Chart::Accuracy, Chart::Loss]);
}

/// A refusal case: the view, its attributes, and a piece of the English and the Chinese message.
type Refusal = (
    View,
    Vec<(&'static str, &'static str)>,
    &'static str,
    &'static str,
);

#[test]
fn bad_attributes_are_refused_by_name_in_both_languages() {
    let cases: Vec<Refusal> = vec![
        (View::Train, vec![("datset", "xor")], "unknown attribute `datset`; valid: preset, charts", "未知的属性 `datset`"),
        (View::Train, vec![("dataset", "xro")], "xro", "xro"),
        (View::Train, vec![("epochs", "-5")], "t.ep", "t.ep"),
        (View::Train, vec![("lr", "NaN")], "t.lr", "t.lr"),
        (View::Train, vec![("lr", "inf")], "t.lr", "t.lr"),
        (View::Train, vec![("charts", "loss,bondary")], "unknown chart `bondary`; valid: loss, accuracy, boundary", "未知的图表 `bondary`"),
        (View::Compare, vec![("charts", "boundary")], "<activation-compare>: unknown chart `boundary`; valid: loss, accuracy, gradients, meanstd, dead", "可用"),
        (View::Train, vec![("charts", "loss,loss")], "listed twice", "两次"),
        (View::Train, vec![("charts", " , ")], "names no chart", "没有列出图表"),
        (View::Train, vec![("dataset", "digits"), ("charts", "boundary")], "chart `boundary`: the decision map needs a 2-D data set", "决策图需要二维数据集"),
        (View::Train, vec![("charts", "misclassified")], "need an image set", "需要图像数据集"),
        (View::Train, vec![("charts", "maps")], "need conv layers", "需要卷积层"),
        (View::Train, vec![("preset", "small-cnn"), ("charts", "network")], "no picture for conv layers", "不显示卷积层"),
        (View::Train, vec![("dataset", "plane"), ("charts", "confusion")], "regression", "回归"),
        (View::Train, vec![("autoplay", "yes")], "`autoplay` = `yes`", "`autoplay` = `yes`"),
        (View::Train, vec![("speed", "-1")], "`speed` = `-1`", "`speed` = `-1`"),
        (View::Train, vec![("speed", "1e400")], "`speed`", "`speed`"),
        (View::Train, vec![("speed", "fast")], "not a number", "不是数字"),
        (View::Train, vec![("theme", "purple")], "`light`, `dark` or `auto`", "`light`、`dark` 或 `auto`"),
        (View::Train, vec![("lang", "fr")], "expected `en` or `zh`", "应为 `en` 或 `zh`"),
        (View::Compare, vec![("preset", "deeep")], "unknown preset `deeep`; valid: article-cnn, article, tanh, deep", "未知的预设"),
        (View::Train, vec![("preset", "deeep")], "valid: article-cnn, small-cnn, article, tanh, deep", "未知的预设"),
        (View::Compare, vec![("dataset", "csv")], "a widget needs a named data set", "小部件需要有名字的数据集"),
        (View::Compare, vec![("activations", "relu,sigmod")], "sigmod", "sigmod"),
    ];
    for (view, pairs, en, zh) in cases {
        let (got_en, got_zh) = refused(view, &pairs);
        assert!(got_en.contains(en), "{pairs:?}: {got_en}");
        assert!(got_zh.contains(zh), "{pairs:?}: {got_zh}");
        assert!(
            got_en.len() < 1200,
            "{pairs:?}: message of {} bytes",
            got_en.len()
        );
    }
}

#[test]
fn hostile_input_gets_a_short_message() {
    let long = "a".repeat(5000);
    let (en, _) = refused(View::Train, &[("dataset", &long)]);
    assert!(en.contains("too long") && en.len() < 300, "{en}");
    let markup = "<img src=x onerror=alert(1)>";
    let (en, _) = refused(View::Train, &[(markup, "1")]);
    assert!(en.len() < 1200, "{en}");
    let many: Vec<(String, String)> = (0..100).map(|i| (format!("x{i}"), "1".into())).collect();
    let refs: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let e = Widget::from_attributes(View::Train, &refs).unwrap_err();
    assert!(e.message_in(false).contains("too many attributes"), "{e}");
    // Hashes: too long, too many pairs, a repeat, no view, an unknown view or key.
    let cases = [
        (format!("view=train&t.ds={}", "x".repeat(3000)), "too long"),
        (
            format!(
                "view=train&{}",
                (0..80)
                    .map(|i| format!("t.k{i}=1"))
                    .collect::<Vec<_>>()
                    .join("&")
            ),
            "too many settings",
        ),
        (
            "view=train&charts=loss&charts=loss".to_string(),
            "appears twice",
        ),
        ("t.ds=xor".to_string(), "names no view"),
        ("view=plot".to_string(), "unknown embed view `plot`"),
        (
            "view=train&fn=relu".to_string(),
            "unknown link setting `fn` for view `train`",
        ),
        (
            "view=compare&t.bogus=1".to_string(),
            "unknown training setting `t.bogus`",
        ),
        ("view=train&t.ds=%ZZ".to_string(), "%"),
    ];
    for (hash, want) in cases {
        let e = Widget::parse_hash(&hash).unwrap_err();
        let msg = e.message_in(false);
        assert!(
            msg.contains(want),
            "{}…: {msg}",
            &hash[..hash.len().min(60)]
        );
        assert!(msg.len() < 400, "{msg}");
        assert_ne!(e.message_in(true), msg, "no Chinese message for {msg}");
    }
}

#[test]
fn every_attribute_is_a_link_key_once() {
    for (i, (name, key)) in ATTRIBUTES.iter().enumerate() {
        assert!(
            !ATTRIBUTES[i + 1..]
                .iter()
                .any(|(n, k)| n == name || k == key),
            "{name} / {key} twice"
        );
        // Global HTML attributes would clash with the page's own meaning of them.
        assert!(
            !["hidden", "title", "id", "class", "style", "dir"].contains(name),
            "{name}"
        );
    }
}

#[test]
fn the_curves_view_names_itself_and_refuses_the_widget_views() {
    assert!(PageState::parse("view=curves&fn=relu").is_ok());
    let e = PageState::parse("view=train&fn=relu").unwrap_err();
    assert!(
        e.message_in(false)
            .contains("`train` and `compare` are embed.html's widgets"),
        "{e}"
    );
    assert!(e.message_in(true).contains("小部件"), "{e}");
}

/// The attributes `w` writes, as `from_attributes` reads them.
fn attrs_of(w: &Widget) -> Vec<(&'static str, &'static str)> {
    w.attributes()
        .into_iter()
        .map(|(k, v)| (k, &*Box::leak(v.into_boxed_str())))
        .collect()
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let from = s.find(start).unwrap_or_else(|| panic!("no {start} in {s}")) + start.len();
    let len = s[from..].find(end).unwrap();
    &s[from..from + len]
}

/// The attributes of an opening tag's text (`a="1" b=""`), values unescaped.
fn attributes_of(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].trim().to_string();
        let after = &rest[eq + 2..];
        let close = after.find('"').unwrap();
        out.push((name, unescape(&after[..close])));
        rest = after[close + 1..].trim_start();
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
