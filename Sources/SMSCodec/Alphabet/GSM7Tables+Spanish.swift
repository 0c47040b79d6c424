extension GSM7Tables {
    /// TS 23.038 Annex A.2.2, the Spanish National Language Single Shift Table (NLI 2): the default extension
    /// table plus ç and the acute vowels. Spanish has no locking-shift table (Annex A.3.2 is void).
    ///
    /// Checked against AOSP `GsmAlphabet.sLanguageShiftTables[2]` and warthog618/sms `charset/spanish.go`.
    static let spanishSingleShift: [UInt8: Unicode.Scalar] = defaultSingleShift.merging(
        [
            0x09: "ç",
            0x41: "Á", 0x49: "Í", 0x4F: "Ó", 0x55: "Ú",
            0x61: "á", 0x69: "í", 0x6F: "ó", 0x75: "ú",
        ],
        uniquingKeysWith: { _, national in national }
    )
}
