extension GSM7Tables {
    /// TS 23.038 Annex A.3.3, the Portuguese National Language Locking Shift Table (NLI 3), one row of 16 codes
    /// per line (0x00–0x0F, 0x10–0x1F, …). 0x1B is the escape to the single-shift table, never a character.
    ///
    /// Checked against AOSP `GsmAlphabet.sLanguageTables[3]` and warthog618/sms `charset/portuguese.go`.
    static let portugueseLockingShift: [Unicode.Scalar] = Array(
        ("@£$¥êéúíóç\nÔô\rÁá"
            + "Δ_ªÇÀ∞^\\€Ó|\u{1B}ÂâÊÉ"
            + " !\"#º%&'()*+,-./"
            + "0123456789:;<=>?"
            + "ÍABCDEFGHIJKLMNO"
            + "PQRSTUVWXYZÃÕÚÜ§"
            + "~abcdefghijklmno"
            + "pqrstuvwxyzãõ`üà").unicodeScalars
    )

    /// TS 23.038 Annex A.2.3, the Portuguese National Language Single Shift Table (NLI 3): the default extension
    /// table plus accented letters and the Greek capitals the locking table gives up.
    ///
    /// Checked against AOSP `GsmAlphabet.sLanguageShiftTables[3]` and warthog618/sms `charset/portuguese.go`
    /// (whose older versions lack Ê at 0x1F; AOSP and its current version have it).
    static let portugueseSingleShift: [UInt8: Unicode.Scalar] = defaultSingleShift.merging(
        [
            0x05: "ê", 0x09: "ç", 0x0B: "Ô", 0x0C: "ô", 0x0E: "Á", 0x0F: "á",
            0x12: "Φ", 0x13: "Γ", 0x15: "Ω", 0x16: "Π", 0x17: "Ψ", 0x18: "Σ", 0x19: "Θ", 0x1F: "Ê",
            0x41: "À", 0x49: "Í", 0x4F: "Ó", 0x55: "Ú", 0x5B: "Ã", 0x5C: "Õ",
            0x61: "Â", 0x69: "í", 0x6F: "ó", 0x75: "ú", 0x7B: "ã", 0x7C: "õ", 0x7F: "â",
        ],
        uniquingKeysWith: { _, national in national }
    )
}
