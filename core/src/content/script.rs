//! Which characters make words in scripts written without spaces between them (Chinese,
//! Japanese, Thai, …) and which are symbols searched one by one (emoji): shared by the search
//! tokenizer and the reading of typed search text, so both split text the same way.

/// How the search index splits a character's run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// Written without spaces between words: indexed as overlapping pairs of characters, so
    /// any two or more consecutive characters are found.
    Unspaced,
    /// A symbol that is a word on its own (emoji).
    Symbol,
    /// Everything else: split at spaces and punctuation, case and diacritics folded
    /// (SQLite's unicode61 tokenizer).
    Spaced,
}

pub(crate) fn script(c: char) -> Script {
    match u32::from(c) {
        // Thai, Lao; Myanmar; Hangul Jamo; Khmer.
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1100..=0x11FF | 0x1780..=0x17FF => Script::Unspaced,
        // 々〆〇; Hiragana, Katakana; Hangul compatibility Jamo; Katakana extension; CJK
        // extension A and unified ideographs; Hangul syllables; compatibility ideographs;
        // halfwidth Katakana; CJK extensions B and later, and compatibility supplement.
        0x3005..=0x3007
        | 0x3041..=0x30FF
        | 0x3131..=0x318F
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F
        | 0x20000..=0x323AF => Script::Unspaced,
        // Miscellaneous symbols and dingbats; pictographs, emoticons, transport, supplemental
        // symbols and pictographs.
        0x2600..=0x27BF | 0x1F300..=0x1FAFF => Script::Symbol,
        _ => Script::Spaced,
    }
}

/// Whether `c` belongs to a word of typed search text: a letter or digit, or any character
/// the index keeps in words (a Thai vowel sign is neither letter nor digit).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || script(c) != Script::Spaced
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_of_sample_characters() {
        for c in ['東', 'に', 'カ', 'ー', '한', 'ท', 'ั', '々', '𠮷'] {
            assert_eq!(script(c), Script::Unspaced, "{c}");
        }
        for c in ['🚀', '❤', '🧪'] {
            assert_eq!(script(c), Script::Symbol, "{c}");
        }
        for c in ['a', 'é', 'Ж', 'ب', '1', '。', '、', ' ', '\u{FE0F}'] {
            assert_eq!(script(c), Script::Spaced, "{c}");
        }
    }
}
