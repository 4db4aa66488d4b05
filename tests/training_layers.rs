//! `t.layers`: the page's link carries a layer list in the core's one syntax (src/nn/layers.rs).
//! It parses and writes back, wins over `t.h` (old `t.h` links read as before), is refused with a
//! clear en/zh message when hostile or impossible (unknown items, huge counts, conv layers on a
//! flat data set, caps), and the setup it gives trains through the same builder the worker uses.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::nn::layers::{parse_layers, ARTICLE_CNN, SMALL_CNN};
use activation_lab::nn::{Status, Trainer};
use activation_lab::training::defaults::apply_keeping;
use activation_lab::training::fields::field_problems;
use activation_lab::training::TrainSetup;

fn err(hash: &str) -> String {
    TrainSetup::parse_hash(hash).expect_err(hash).to_string()
}

#[test]
fn the_articles_net_parses_and_round_trips() {
    let s = TrainSetup::parse_hash(&format!("t.ds=mnist&t.layers={ARTICLE_CNN}")).unwrap();
    assert_eq!(s.config.layers, parse_layers(ARTICLE_CNN).unwrap());
    assert_eq!(s.config.hidden, vec![128]);
    let hash = s.to_hash();
    assert!(hash.contains(&format!("t.layers={ARTICLE_CNN}&")), "{hash}");
    assert!(!hash.contains("t.h="), "{hash}");
    assert_eq!(TrainSetup::parse_hash(&hash).unwrap(), s);
    // The ConvNetJS-sized net has no dense layer at all.
    let s = TrainSetup::parse_hash(&format!("t.ds=digits&t.layers={SMALL_CNN}")).unwrap();
    assert!(s.config.hidden.is_empty());
    assert_eq!(TrainSetup::parse_hash(&s.to_hash()).unwrap(), s);
    // Strides, padding and a pool stride survive the trip; case and spaces are normalised.
    let s = TrainSetup::parse_hash("t.ds=mnist&t.layers=CONV8k5s2same, pool3s2,flatten,dense64")
        .unwrap();
    assert!(
        s.to_hash()
            .contains("t.layers=conv8k5s2same,pool3s2,flatten,64&"),
        "{}",
        s.to_hash()
    );
}

#[test]
fn layers_win_over_widths_and_old_links_are_unchanged() {
    let s = TrainSetup::parse_hash("t.ds=digits&t.h=8,8&t.layers=conv8k3,flatten,32").unwrap();
    assert_eq!(s.config.hidden, vec![32]);
    assert_eq!(s.config.layers.len(), 3);
    // An old link: no layer list, widths as given, written back as `t.h`.
    let old = "t.ds=circle&t.h=8,4&t.act=tanh&t.lr=0.03";
    let s = TrainSetup::parse_hash(old).unwrap();
    assert!(s.config.layers.is_empty());
    assert_eq!(s.config.hidden, vec![8, 4]);
    let hash = s.to_hash();
    assert!(
        hash.starts_with("t.ds=circle&t.h=8,4&t.act=tanh&"),
        "{hash}"
    );
    assert!(!hash.contains("layers"), "{hash}");
    // A list of plain widths is the MLP `t.h` describes, on any data set.
    let s = TrainSetup::parse_hash("t.ds=spiral&t.layers=16,16").unwrap();
    assert!(s.config.layers.is_empty());
    assert_eq!(s.config.hidden, vec![16, 16]);
    assert!(s.to_hash().contains("t.h=16,16&"));
    // A data set alone fills in its default network; a layer list replaces it.
    let s = TrainSetup::parse_hash("t.ds=mnist&t.layers=conv4k3,pool2").unwrap();
    assert!(s.config.hidden.is_empty(), "{:?}", s.config.hidden);
}

#[test]
fn hostile_and_impossible_lists_are_refused_clearly() {
    let e = err("t.ds=mnist&t.layers=conv999999k3");
    assert!(e.contains("filters must be 1 to 256, got 999999"), "{e}");
    let e = err("t.ds=mnist&t.layers=conv99999999999999999999k3");
    assert!(e.contains("expected the filter count"), "{e}");
    let e = err("t.ds=circle&t.layers=conv8k3,flatten,8");
    assert!(
        e.contains("conv layers need an image data set (8×8 digits, MNIST)"),
        "{e}"
    );
    let e = err("t.ds=xor&t.layers=pool2");
    assert!(e.contains("need an image data set"), "{e}");
    let e = err("t.ds=mnist&t.layers=lstm64");
    assert!(e.contains("unknown layer"), "{e}");
    let many = vec!["8"; 100].join(",");
    let e = err(&format!("t.ds=mnist&t.layers={many}"));
    assert!(e.contains("too many"), "{e}");
    let e = err("t.ds=digits&t.layers=conv8k9");
    assert!(e.contains("does not fit its 8×8×1 input"), "{e}");
    let e = err("t.ds=mnist&t.layers=conv64k3s2,flatten,1024");
    assert!(e.contains("parameters; at most"), "{e}");
    let e = err("t.ds=mnist&t.bs=4096&t.layers=conv256k3same");
    assert!(e.contains("needs too much memory"), "{e}");
    let e = err("t.ds=mnist&t.layers=flatten,conv8k3");
    assert!(e.contains("convolutions and pooling go first"), "{e}");
    let e = err("t.ds=mnist&t.layers=");
    assert!(e.contains("empty"), "{e}");
    let e = err("t.ds=mnist&t.layers=conv8k3&t.layers=conv8k3");
    assert!(e.contains("appears twice"), "{e}");
    // The global dropout and a layer list do not mix: the list carries its own.
    let e = err("t.ds=mnist&t.layers=conv8k3,flatten,32&t.do=0.2");
    assert!(e.contains("drop<rate> items"), "{e}");
}

#[test]
fn the_form_names_a_bad_layer_list_in_both_languages() {
    let p = field_problems(&[("ds", "mnist"), ("layers", "conv999999k3")]);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].key, "layers");
    assert!(
        p[0].en
            .starts_with("layer `conv999999k3`: filters must be 1 to 256"),
        "{}",
        p[0].en
    );
    assert!(
        p[0].zh.contains("滤波器个数须在 1 – 256 之内，现为 999999"),
        "{}",
        p[0].zh
    );
    assert!(!p[0].en.contains("t.layers"), "{}", p[0].en);

    let p = field_problems(&[("ds", "circle"), ("layers", "conv8k3,flatten,8")]);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].en
            .starts_with("conv layers need an image data set (8×8 digits, MNIST)"),
        "{}",
        p[0].en
    );
    assert!(
        p[0].zh
            .starts_with("卷积层需要图像数据集（8×8 数字、MNIST）"),
        "{}",
        p[0].zh
    );

    let p = field_problems(&[("ds", "mnist"), ("layers", "conv8k3,drop2")]);
    assert!(p[0].zh.contains("丢弃率须在 (0, 1) 之内"), "{}", p[0].zh);
    let p = field_problems(&[("ds", "mnist"), ("layers", "drop0.5,conv8k3")]);
    assert!(
        p[0].zh.contains("须紧跟在卷积、池化或全连接层之后"),
        "{}",
        p[0].zh
    );

    // The batch is the companion of the memory cap; a bad batch is its own problem only.
    let p = field_problems(&[("ds", "mnist"), ("bs", "4096"), ("layers", "conv256k3same")]);
    assert_eq!(p.len(), 1);
    assert!(p[0].en.contains("too much memory"), "{}", p[0].en);
    let p = field_problems(&[("ds", "mnist"), ("bs", "-1"), ("layers", "conv8k3")]);
    let keys: Vec<&str> = p.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["bs"]);
    // One activation per conv and dense layer: 2 conv + 1 dense = 3.
    let ok = [
        ("ds", "digits"),
        ("layers", "conv4k3,conv4k3,flatten,16"),
        ("act", "relu,tanh,elu"),
    ];
    assert!(field_problems(&ok).is_empty(), "{:?}", field_problems(&ok));
    let p = field_problems(&[
        ("ds", "digits"),
        ("layers", "conv4k3,conv4k3,flatten,16"),
        ("act", "relu,tanh"),
    ]);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].key, "act");
}

#[test]
fn a_data_set_switch_drops_conv_layers_the_new_set_cannot_run() {
    let mut s =
        TrainSetup::parse_hash(&format!("t.ds=mnist&t.layers={ARTICLE_CNN}&t.bs=128")).unwrap();
    // Kept by the user, and still possible on the 8×8 digits? conv3+conv3+pool2 fit 8×8.
    s.data = activation_lab::training::DataChoice::parse("digits").unwrap();
    let applied = apply_keeping(&mut s, None, &["layers"]);
    assert_eq!(s.config.layers, parse_layers(ARTICLE_CNN).unwrap());
    assert!(applied.changes.iter().all(|c| c.key != "h"));
    s.validate().unwrap();
    // To a flat set: the set's default network, and the sentence says so.
    s.data = activation_lab::training::DataChoice::parse("circle").unwrap();
    let applied = apply_keeping(&mut s, None, &["layers"]);
    assert!(s.config.layers.is_empty());
    assert_eq!(s.config.hidden, vec![8, 8]);
    assert!(
        applied.en.contains(&format!("network {ARTICLE_CNN} → 8,8")),
        "{}",
        applied.en
    );
    s.validate().unwrap();
    // Not kept: the default network of the new image set.
    let mut s = TrainSetup::parse_hash("t.ds=mnist&t.layers=conv8k3,pool2").unwrap();
    s.data = activation_lab::training::DataChoice::parse("digits").unwrap();
    apply_keeping(&mut s, None, &[]);
    assert!(s.config.layers.is_empty());
    assert_eq!(s.config.hidden, vec![32]);
}

#[test]
fn a_linked_conv_net_trains_as_the_worker_builds_it() {
    // The worker's path (src/web/train.rs): parse the hash, build the split from the image
    // file's bytes, `Trainer::new` on the config. 8×8 digits keep this quick.
    let s = TrainSetup::parse_hash(
        "t.ds=digits&t.layers=conv8k3same,pool2,flatten,32&t.lr=0.003&t.bs=32&t.ep=3&t.seed=2",
    )
    .unwrap();
    let bytes = std::fs::read("www/data/digits8x8.bin").unwrap();
    let split = s.build_split(Some(&bytes)).unwrap();
    let mut t = Trainer::new(s.config.clone(), split).unwrap();
    let test = |t: &mut Trainer| t.evaluate().test.unwrap();
    let first = test(&mut t);
    while t.status() == Status::Running {
        t.run_epoch();
    }
    let last = test(&mut t);
    assert!(
        last.loss.is_finite() && last.loss < 0.5 * first.loss,
        "test loss {} → {}",
        first.loss,
        last.loss
    );
    assert!(last.accuracy.unwrap() > 0.85, "{:?}", last.accuracy);
}
