//! "Did you mean …?" for misspelt names: the closest candidate by optimal-string-alignment
//! distance (Levenshtein plus adjacent swaps, so `sigmiod` finds `sigmoid`).

/// Edit distance with insertions, deletions, substitutions and adjacent transpositions.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// The candidate closest to `name`, if it is close enough to be a plausible typo: one edit for
/// names of up to 4 characters (none for one character, so `y` does not "mean" `e`), two beyond.
/// Ties go to the candidate whose length is closest to the name's, then to the earlier one.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Long names cannot be within 2 edits of our short candidates; skip the quadratic table.
    if name.is_empty() || name.chars().count() > 16 {
        return None;
    }
    let len = name.chars().count();
    let limit = if len <= 4 { 1.min(len - 1) } else { 2 };
    candidates
        .into_iter()
        .map(|c| (distance(name, c), c))
        .filter(|&(d, _)| d <= limit)
        // On a tie prefer the candidate of the same length (a swap, `tahn` → tanh, over a drop).
        .min_by_key(|&(d, c)| (d, c.chars().count().abs_diff(name.chars().count())))
        .map(|(_, c)| c)
}
