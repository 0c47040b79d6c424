extension GSM7Tables {
    /// TS 23.038 Annex A.3.1, the Turkish National Language Locking Shift Table (NLI 1): the default alphabet
    /// with eight positions given to Turkish letters and the euro sign.
    ///
    /// Checked against AOSP `GsmAlphabet.sLanguageTables[1]` and warthog618/sms `charset/turkish.go`.
    static let turkishLockingShift: [Unicode.Scalar] = replacing(
        defaultLockingShift,
        with: [
            0x04: "€", 0x07: "ı", 0x0B: "Ğ", 0x0C: "ğ",
            0x1C: "Ş", 0x1D: "ş", 0x40: "İ", 0x60: "ç",
        ]
    )

    /// TS 23.038 Annex A.2.1, the Turkish National Language Single Shift Table (NLI 1): the default extension
    /// table plus seven Turkish letters.
    ///
    /// Checked against AOSP `GsmAlphabet.sLanguageShiftTables[1]` and warthog618/sms `charset/turkish.go`
    /// (which also maps 0x0D to LF; the standard leaves 0x0D a control position, so it is absent here).
    static let turkishSingleShift: [UInt8: Unicode.Scalar] = defaultSingleShift.merging(
        [0x47: "Ğ", 0x49: "İ", 0x53: "Ş", 0x63: "ç", 0x67: "ğ", 0x69: "ı", 0x73: "ş"],
        uniquingKeysWith: { _, national in national }
    )
}
