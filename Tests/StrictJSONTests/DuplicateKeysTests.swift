import StrictJSON
import Testing

@Suite("Duplicate keys in JSON bodies")
struct DuplicateKeysTests {
    @Test(
        "a key twice in one object is found, with its path",
        arguments: [
            (#"{"saleId": "A", "saleId": "B"}"#, "saleId"),
            (#"{"a": 1, "b": {"c": 2, "c": 3}}"#, "b.c"),
            (#"{"excluded": [{"kind": "tax", "amount": 1}, {"kind": "tip", "kind": "x"}]}"#, "excluded[1].kind"),
            (#"{"a": 1, "\u0061": 2}"#, "a"),
            (#"{"\ud83d\ude00": 1, "😀": 2}"#, "😀"),
            (#"[[{"x": {}, "x": []}]]"#, "[0][0].x"),
            (#"{"a\"b": 1, "a\"b": 2}"#, "a\"b"),
        ])
    func found(json: String, path: String) {
        #expect(DuplicateKeys.first(in: Array(json.utf8)) == path)
    }

    @Test(
        "no key twice in one object: nothing found",
        arguments: [
            #"{"saleId": "A", "amount": 85000, "currency": "VND"}"#,
            #"{"a": {"k": 1}, "b": {"k": 1}}"#,
            #"[{"k": 1}, {"k": 2}]"#,
            #"{"a": "saleId", "saleId": "a"}"#,
            #"{}"#, #"[]"#, #"  "text" "#, "12.5e3", "true", "null",
            #"{"a": [1, 2, {"b": [true, false, null]}], "c": -0.5}"#,
        ])
    func none(json: String) {
        #expect(DuplicateKeys.first(in: Array(json.utf8)) == nil)
    }

    @Test(
        "malformed text is left to the decoder",
        arguments: [
            #"{"a" 1, "a": 2}"#, #"{"a" 1}"#, #"{"a": 1"#, #"{a: 1, a: 2}"#, "", "{", #"{"a": 1,}"#, #"["#,
        ])
    func malformed(json: String) {
        #expect(DuplicateKeys.first(in: Array(json.utf8)) == nil)
    }

    @Test("deep nesting is not followed past the limit, and does not overflow the stack")
    func deep() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(DuplicateKeys.first(in: Array(deep.utf8)) == nil)
        let nested = String(repeating: #"{"a":"#, count: 100) + #"{"b": 1, "b": 2}"# + String(repeating: "}", count: 100)
        #expect(DuplicateKeys.first(in: Array(nested.utf8)) == String(repeating: "a.", count: 100) + "b")
    }
}
