//! The layer list's problems (`t.layers`) in English and Chinese for the training form. The core's
//! messages (src/nn/layers.rs, front.rs, build.rs) are English; this gives each kind its Chinese
//! sentence, filling in the items and numbers of the English one. A message with no entry here
//! keeps its English text inside a Chinese frame, so nothing is ever lost.

/// Chinese templates by a marker of the English message: `{b0}` is the first `…`-quoted text,
/// `{n0}`, `{n1}`, … the numbers outside quotes in order. Checked in order (longer markers first
/// where one contains another).
const TEMPLATES: [(&str, &str); 29] = [
    ("pool size must be", "池化窗口须在 {n0} – {n1} 之内，现为 {n2}"),
    ("pool stride must be", "池化步长须在 {n0} – {n1} 之内，现为 {n2}"),
    ("filters must be", "滤波器个数须在 {n0} – {n1} 之内，现为 {n2}"),
    ("kernel must be", "卷积核大小须在 {n0} – {n1} 之内，现为 {n2}"),
    ("stride must be", "步长须在 {n0} – {n1} 之内，现为 {n2}"),
    ("units must be", "单元数须在 {n0} – {n1} 之内，现为 {n2}"),
    ("expected the filter count", "缺少滤波器个数（如 conv32k3）"),
    ("expected `k` and the kernel size", "缺少 k 和卷积核大小（如 conv32k3）"),
    ("expected the kernel size", "缺少卷积核大小（如 conv32k3）"),
    ("expected the stride after", "s 后缺少步长（如 pool3s2）"),
    ("expected the stride", "缺少步长（如 conv16k3s2）"),
    ("after the kernel/stride", "卷积核或步长后有多余的文字（只能接 same 或 valid）"),
    ("expected the window size", "缺少池化窗口大小（如 pool2）"),
    ("after the window size", "池化窗口大小后有多余的文字"),
    ("expected a dropout rate", "缺少丢弃率（如 drop0.25）"),
    ("dropout rate must lie in", "丢弃率须在 (0, 1) 之内"),
    ("unknown layer", "未知的层"),
    ("the layer list is empty", "层列表为空"),
    ("layer items is too many", "共 {n0} 层，太多了；最多 {n1} 层"),
    ("comes after flatten or a dense layer", "{b0} 在展平层或全连接层之后；卷积和池化须放在前面"),
    ("flatten appears twice", "展平层出现了两次，或在全连接层之后"),
    ("must follow a conv, pool or dense layer", "{b0} 须紧跟在卷积、池化或全连接层之后"),
    ("need an image data set", "卷积层需要图像数据集（8×8 数字、MNIST）；这个数据集是平面的，只能用全连接层"),
    ("does not fit its", "{b0} 放不进它的 {n0}×{n1}×{n2} 输入：请用更小的卷积核或窗口、same 填充，或在它之前少放几层"),
    ("filters or kernel out of range", "{b0}：滤波器个数或卷积核大小超出范围"),
    ("size or stride out of range", "{b0}：窗口大小或步长超出范围"),
    ("stride out of range", "{b0}：步长超出范围"),
    ("a dense layer needs", "全连接层须有 {n0} 到 {n1} 个单元，现为 {n2}"),
    ("layer items", "最多 {n0} 层"),
];

/// Chinese for the size caps (build.rs), which name no item.
const CAPS: [(&str, &str); 4] = [
    ("parameters; at most", "网络将有 {n0} 个参数，最多 {n1} 个：请减少滤波器或单元，或在展平前池化"),
    ("values per sample in the conv layers", "批大小 {n0} × 每个样本 {n1} 个卷积层数值需要太多内存（最多 {n2} 个）：请减小批大小或滤波器个数"),
    ("multiply-adds per sample", "卷积层每个样本需要 {n0} 次乘加，最多 {n1} 次：请减少滤波器、缩小卷积核或加大步长"),
    ("dense units would need too much memory", "批大小 {n0} × {n1} 个全连接单元需要太多内存"),
];

/// The quoted texts and the numbers outside quotes of `en`, in order.
fn pieces(en: &str) -> (Vec<&str>, Vec<&str>) {
    let mut quoted = Vec::new();
    let mut numbers = Vec::new();
    for (i, part) in en.split('`').enumerate() {
        if i % 2 == 1 {
            quoted.push(part);
            continue;
        }
        let mut start = None;
        for (j, c) in part.char_indices() {
            let digit = c.is_ascii_digit() || (c == '.' && start.is_some());
            match (digit, start) {
                (true, None) => start = Some(j),
                (false, Some(s)) => {
                    numbers.push(part[s..j].trim_end_matches('.'));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            numbers.push(part[s..].trim_end_matches('.'));
        }
    }
    (quoted, numbers)
}

fn fill(template: &str, quoted: &[&str], numbers: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, q) in quoted.iter().enumerate() {
        out = out.replace(&format!("{{b{i}}}"), q);
    }
    for (i, n) in numbers.iter().enumerate() {
        out = out.replace(&format!("{{n{i}}}"), n);
    }
    out
}

/// The Chinese form of a core message about the layer list or the network's size caps, when
/// these templates know it (`Error::message_in` falls back to it for `Error::Invalid`).
pub fn known_zh(core: &str) -> Option<String> {
    TEMPLATES
        .iter()
        .chain(CAPS.iter())
        .any(|(marker, _)| core.contains(marker))
        .then(|| layer_reason(core).1)
}

/// The form's English and Chinese reason for a bad layer list, from the core's message `core`
/// (with or without the `training setting … = …:` frame).
pub fn layer_reason(core: &str) -> (String, String) {
    // Drop the setting frame: "training setting `t.layers` = `…`: <why>".
    let en = match core.strip_prefix("training setting `") {
        Some(rest) => rest.split_once("`: ").map_or(core, |(_, why)| why),
        None => core,
    };
    // "layer `conv0k3`: <why> (items: …)": the item is named in both languages.
    let (item, why) = match en.strip_prefix("layer `").and_then(|r| r.split_once("`: ")) {
        Some((item, why)) => (Some(item), why),
        None => (None, en),
    };
    let items = why.find(" (items:").map(|i| &why[i..]);
    let why_core = items.map_or(why, |tail| &why[..why.len() - tail.len()]);
    let (quoted, numbers) = pieces(why_core);
    let zh_why = TEMPLATES
        .iter()
        .chain(CAPS.iter())
        .find(|(marker, _)| why_core.contains(marker))
        .map_or_else(|| why_core.to_string(), |(_, t)| fill(t, &quoted, &numbers));
    let zh = match item {
        Some(item) => format!("`{item}`：{zh_why}"),
        None => zh_why,
    };
    let zh = match items {
        Some(tail) => format!(
            "{zh}（可用：{}",
            tail.trim_start_matches(" (items: ")
                .replace("<filters>", "<滤波器>")
                .replace("<kernel>", "<核>")
                .replace("<stride>", "<步长>")
                .replace("<size>", "<窗口>")
                .replace("<rate>", "<比率>")
                .replace("<units>", "<单元数>")
                .trim_end_matches(')')
                .to_string()
                + "）"
        ),
        None => zh,
    };
    (en.to_string(), zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_items_carry_over() {
        let (en, zh) = layer_reason(
            "training setting `t.layers` = `conv999999k3`: layer `conv999999k3`: filters must be \
             1 to 256, got 999999 (items: conv<filters>k<kernel>[s<stride>][same|valid], \
             pool<size>[s<stride>], drop<rate>, flatten, <units>)",
        );
        assert!(
            en.starts_with("layer `conv999999k3`: filters must be 1 to 256"),
            "{en}"
        );
        assert!(
            zh.starts_with("`conv999999k3`：滤波器个数须在 1 – 256 之内，现为 999999"),
            "{zh}"
        );
        assert!(zh.contains("<滤波器>") && zh.ends_with('）'), "{zh}");
        let (_, zh) = layer_reason("`conv8k9` does not fit its 8×8×1 input: use a smaller kernel");
        assert!(zh.starts_with("conv8k9 放不进它的 8×8×1 输入"), "{zh}");
    }

    #[test]
    fn an_unknown_message_keeps_its_english() {
        let (en, zh) = layer_reason("something new happened");
        assert_eq!(en, "something new happened");
        assert_eq!(zh, "something new happened");
    }
}
