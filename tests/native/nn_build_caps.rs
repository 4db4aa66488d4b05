//! The planner's refusals (src/nn/build.rs), read through a link as the page meets them: a layer
//! that does not fit its input, conv layers on flat data, and each cap (parameters, the image
//! layers' memory, the dense units' batch memory, multiply-adds) with its real numbers, in English
//! and Chinese. (Moved here from build.rs's unit tests: the engine imports nothing from training.)
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::nn::build::{NEEDS_IMAGES, NEEDS_IMAGES_ZH};
use activation_lab::nn::limits::{MAX_FRONT_MACS, MAX_FRONT_VALUES, MAX_PARAMS};
use activation_lab::training::TrainSetup;

fn refusal(hash: &str) -> (String, String) {
    let e = TrainSetup::parse_hash(hash).expect_err(hash);
    (e.message_in(false), e.message_in(true))
}

#[test]
fn shape_and_caps_are_told_in_both_languages_with_the_real_numbers() {
    let (en, zh) = refusal("t.ds=digits&t.layers=conv8k9");
    assert!(
        en.contains("`conv8k9` does not fit its 8×8×1 input"),
        "{en}"
    );
    assert!(zh.contains("`conv8k9` 放不进它的 8×8×1 输入"), "{zh}");
    let (en, zh) = refusal("t.ds=circle&t.layers=conv8k3");
    assert!(en.ends_with(NEEDS_IMAGES), "{en}");
    assert!(zh.ends_with(NEEDS_IMAGES_ZH), "{zh}");

    // conv64k3s2 on 28×28: 64 3×3 filters and biases, then 13×13×64 = 10816 inputs to 1024
    // units and 10 outputs (weights, and two per unit).
    let n = 64 * 9 + 64 + 10816 * 1024 + 1024 * 2 + 1024 * 10 + 10 * 2;
    let (en, zh) = refusal("t.ds=mnist&t.layers=conv64k3s2,flatten,1024");
    assert!(
        en.contains(&format!("would have {n} parameters; at most {MAX_PARAMS}")),
        "{en}"
    );
    assert!(
        zh.contains(&format!("网络将有 {n} 个参数，最多 {MAX_PARAMS} 个")),
        "{zh}"
    );
    let (en, zh) = refusal("t.ds=mnist&t.bs=4096&t.layers=conv256k3same");
    assert!(en.contains("batch size 4096 × "), "{en}");
    assert!(
        zh.contains("批大小 4096 × 每个样本 ")
            && zh.contains(&format!("（最多 {MAX_FRONT_VALUES} 个）")),
        "{zh}"
    );
    let (en, zh) = refusal("t.ds=digits&t.bs=4096&t.layers=pool2,flatten,1024,1024");
    assert!(en.contains("batch size 4096 × 2058 dense units"), "{en}");
    assert!(
        zh.contains("批大小 4096 × 2058 个全连接单元需要太多内存"),
        "{zh}"
    );
    let (en, zh) = refusal("t.ds=digits&t.layers=conv256k7same,conv256k7same");
    let macs = 64 * 256 * 49 + 64 * 256 * 49 * 256;
    assert!(en.contains(&format!("take {macs} multiply-adds")), "{en}");
    assert!(
        zh.contains(&format!(
            "每个样本需要 {macs} 次乘加，最多 {MAX_FRONT_MACS} 次"
        )),
        "{zh}"
    );
}
