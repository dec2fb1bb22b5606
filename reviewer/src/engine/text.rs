//! Line and column arithmetic over raw bytes (which need not be valid UTF-8).

/// The start offset of every line of a file.
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes `src`. Lines end at `\n`; a `\r` before it is not part of the line's text.
    pub fn new(src: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', src).map(|i| i + 1));
        LineIndex { starts, len: src.len() }
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of 0-based line `line`, without its terminator.
    pub fn line_range(&self, src: &[u8], line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).map_or(self.len, |s| s - 1);
        if end > start && src.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    /// 1-based line and 1-based code-point column of byte `offset`.
    pub fn position(&self, src: &[u8], offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = char_count(&src[start..offset.min(src.len())]) + 1;
        (line + 1, col)
    }
}

/// Number of code points in UTF-8 bytes (an invalid byte counts as one).
pub fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Shannon entropy, in bits per byte.
pub fn shannon_entropy(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0usize; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// Compiles a bytes regex with ASCII classes: `\w`, `\d`, `\b` and case folding as source
/// code, keys and tokens need them, which compiles several times faster than Unicode classes.
/// A pattern that needs Unicode mode to compile at all gets it.
/// CRLF mode: in multi-line mode `$` also matches before the `\r` of a Windows line ending, so a
/// file saved with CRLF endings gets the same matches as with LF endings.
pub fn ascii_regex(pattern: &str) -> Result<regex::bytes::Regex, regex::Error> {
    regex::bytes::RegexBuilder::new(pattern)
        .unicode(false)
        .crlf(true)
        .build()
        .or_else(|_| regex::bytes::RegexBuilder::new(pattern).crlf(true).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_code_points_and_ignore_crlf() {
        let src = "a\r\néé x\nlast".as_bytes();
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_count(), 3);
        let x = src.iter().position(|&b| b == b'x').unwrap();
        assert_eq!(idx.position(src, x), (2, 4));
        assert_eq!(&src[idx.line_range(src, 0)], b"a");
        assert_eq!(&src[idx.line_range(src, 2)], b"last");
    }

    #[test]
    fn entropy_is_zero_for_repeats_and_high_for_random() {
        assert_eq!(shannon_entropy(b"aaaa"), 0.0);
        assert!(shannon_entropy(b"Zq8Lk2Pw9Xr4Mn7Bv1Ct") > 4.0);
    }
}
