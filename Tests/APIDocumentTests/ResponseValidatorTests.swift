import APIDocumentCheck
import Foundation
import Testing

/// The response validator on a small document of its own: each kind of problem is found and
/// named by its JSON path; a valid body passes.
@Suite("Checking answers against an OpenAPI document")
struct ResponseValidatorTests {
    static let yaml = """
        openapi: 3.0.3
        info: { title: test, version: "1" }
        paths:
          /v1/items/{id}:
            get:
              responses:
                "200":
                  description: An item.
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/Item" }
                "404": { $ref: "#/components/responses/NotFound" }
          /v1/items/latest:
            get:
              responses:
                "204": { description: Nothing. No body. }
                default: { $ref: "#/components/responses/NotFound" }
          /v1/items:
            post:
              responses:
                "200":
                  description: CSV or JSON.
                  content:
                    text/csv: { schema: { type: string } }
                    application/json: { schema: { type: object, required: [count], properties: { count: { type: integer } } } }
          /v1/lines:
            get:
              responses:
                "200":
                  description: One JSON object a line.
                  headers:
                    Next-Cursor: { $ref: "#/components/headers/NextCursor" }
                    Warning: { schema: { type: string } }
                  content:
                    application/x-ndjson:
                      schema: { type: string }
                      x-ndjson-line: { type: object, required: [n], properties: { n: { type: integer } } }
        components:
          headers:
            NextCursor: { required: true, schema: { type: string } }
          responses:
            NotFound:
              description: No such item.
              content:
                application/json:
                  schema:
                    type: object
                    additionalProperties: false
                    required: [error]
                    properties:
                      error: { type: string, enum: [not-found] }
                      message: { type: string }
          schemas:
            Item:
              type: object
              required: [id, state, lines]
              properties:
                id: { type: string, minLength: 1, maxLength: 4, pattern: "^[a-z]+$" }
                state: { type: string, enum: [open, closed] }
                note: { type: string, nullable: true }
                lines:
                  type: array
                  maxItems: 3
                  items:
                    type: object
                    required: [points]
                    properties:
                      points: { type: integer, minimum: -10, maximum: 10 }
                reward:
                  oneOf:
                    - { type: string, enum: [none, maximum] }
                    - { type: integer, minimum: 1 }
                tags: { type: object, additionalProperties: { type: number } }
                either:
                  anyOf:
                    - { type: boolean }
                    - { type: array, minItems: 1 }
                all:
                  allOf:
                    - { type: object, required: [a] }
                    - { properties: { a: { type: integer } } }
        """

    static let document: APIDocument = try! APIDocument(yaml: yaml, name: "test.yaml")

    /// The problems of an answer to `GET target`, as text.
    static func problems(_ json: String, at target: String = "/v1/items/abc", status: Int = 200, contentType: String? = "application/json")
        -> [String]
    {
        guard let operation = document.operation(method: "GET", target: target) else { return ["no operation"] }
        return operation.problems(status: status, contentType: contentType, body: Array(json.utf8)).map(\.description)
    }

    static let valid =
        #"{"id":"abc","state":"open","note":null,"lines":[{"points":3},{"points":-2,"text":"x"}],"reward":"maximum","tags":{"a":1.5},"either":true,"all":{"a":1}}"#

    @Test("a valid body passes, with extra fields where additionalProperties is not false")
    func validBody() {
        #expect(Self.problems(Self.valid) == [])
        #expect(Self.problems(#"{"id":"b","state":"closed","lines":[],"reward":12}"#, contentType: "application/json; charset=utf-8") == [])
    }

    @Test("a missing required field is named with the object's path")
    func missingRequired() {
        #expect(
            Self.problems(#"{"id":"abc","lines":[{}]}"#) == [
                "$: missing required field state", "$.lines[0]: missing required field points",
            ])
    }

    @Test("a wrong type is named with the value's path")
    func wrongType() {
        #expect(
            Self.problems(#"{"id":"abc","state":"open","lines":[{"points":1},{"points":2},{"points":"3"}]}"#)
                == ["$.lines[2].points: expected integer, got string"])
        #expect(Self.problems(#"{"id":"abc","state":"open","lines":[],"note":7}"#) == ["$.note: expected string, got integer"])
        #expect(Self.problems(#"{"id":null,"state":"open","lines":[]}"#) == ["$.id: expected string, got null"])
        #expect(Self.problems(#"{"id":"abc","state":"open","lines":[],"tags":{"b":"x"}}"#) == ["$.tags.b: expected number, got string"])
        #expect(
            Self.problems(#"{"id":"abc","state":"open","lines":[],"tags":{"a b":"x"}}"#) == [#"$.tags["a b"]: expected number, got string"#]
        )
        #expect(Self.problems(#"[1]"#) == ["$: expected object, got array"])
    }

    @Test("a status the operation does not document is a problem")
    func undocumentedStatus() {
        #expect(Self.problems("{}", status: 500) == ["$: status 500 is not documented for GET /v1/items/{id} (documented: 200, 404)"])
    }

    @Test("a value not listed in enum is a problem")
    func enumValue() {
        #expect(Self.problems(#"{"id":"abc","state":"lost","lines":[]}"#) == [#"$.state: "lost" is not one of "open", "closed""#])
    }

    @Test("an extra field where additionalProperties is false is a problem; the response comes through components/responses")
    func extraField() {
        #expect(Self.problems(#"{"error":"not-found"}"#, status: 404) == [])
        #expect(
            Self.problems(#"{"error":"not-found","hint":"none"}"#, status: 404)
                == ["$.hint: not a documented field (additionalProperties is false)"])
    }

    @Test("lengths in code points, patterns, bounds of numbers and arrays")
    func bounds() {
        #expect(Self.problems(#"{"id":"ééé","state":"open","lines":[]}"#) == [#"$.id: "ééé" does not match the pattern ^[a-z]+$"#])
        #expect(Self.problems(#"{"id":"abcde","state":"open","lines":[]}"#) == ["$.id: 5 characters, at most 4 expected"])
        #expect(
            Self.problems(#"{"id":"","state":"open","lines":[]}"#)
                == ["$.id: 0 characters, at least 1 expected", #"$.id: "" does not match the pattern ^[a-z]+$"#])
        #expect(
            Self.problems(#"{"id":"a","state":"open","lines":[{"points":11},{"points":-10},{"points":1},{"points":0}]}"#)
                == ["$.lines: 4 items, at most 3 expected", "$.lines[0].points: 11 is above the maximum 10"])
    }

    @Test("oneOf needs exactly one fitting schema, anyOf one or more, allOf every one")
    func composition() {
        let none = Self.problems(#"{"id":"a","state":"open","lines":[],"reward":0}"#)
        #expect(none.count == 1)
        #expect(none.first?.hasPrefix("$.reward: fits none of the 2 schemas of oneOf") == true)
        #expect(
            Self.problems(#"{"id":"a","state":"open","lines":[],"either":[]}"#).first?.hasPrefix(
                "$.either: fits none of the 2 schemas of anyOf") == true)
        #expect(Self.problems(#"{"id":"a","state":"open","lines":[],"all":{"a":"x"}}"#) == ["$.all.a: expected integer, got string"])
        #expect(Self.problems(#"{"id":"a","state":"open","lines":[],"all":{}}"#) == ["$.all: missing required field a"])
    }

    @Test("documented paths: a literal segment beats a parameter; the query is left out; unknown paths and methods have no operation")
    func operations() {
        #expect(Self.document.operation(method: "GET", target: "/v1/items/latest?x=1")?.name == "GET /v1/items/latest")
        #expect(Self.document.operation(method: "get", target: "/v1/items/S%2F9")?.name == "GET /v1/items/{id}")
        #expect(Self.document.operation(method: "GET", target: "/v1/items/") == nil)
        #expect(Self.document.operation(method: "GET", target: "/v1/other") == nil)
        #expect(Self.document.operation(method: "DELETE", target: "/v1/items/abc") == nil)
    }

    @Test("a response documented without content expects no body; `default` answers undocumented statuses")
    func bodies() {
        #expect(Self.problems("", at: "/v1/items/latest", status: 204) == [])
        #expect(Self.problems("{}", at: "/v1/items/latest", status: 204) == ["$: no body is documented for status 204, got 2 bytes"])
        #expect(Self.problems(#"{"error":"gone"}"#, at: "/v1/items/latest", status: 410) == [#"$.error: "gone" is not one of "not-found""#])
        #expect(Self.problems("", status: 200) == ["$: expected a JSON body, got none"])
        #expect(Self.problems("{", status: 200) == ["$: the body is not JSON (1 bytes)"])
        #expect(
            Self.problems("a,b", status: 200, contentType: "text/csv") == [
                "$: content type text/csv is not documented for status 200 (documented: application/json)"
            ])
    }

    @Test("a body of another documented media type is not checked; its JSON one is")
    func mediaTypes() throws {
        let operation = try #require(Self.document.operation(method: "POST", target: "/v1/items"))
        #expect(operation.problems(status: 200, contentType: "text/csv; charset=utf-8", body: Array("a,b\r\n".utf8)) == [])
        #expect(
            operation.problems(status: 200, contentType: "application/json", body: Array("{}".utf8)).map(\.description)
                == ["$: missing required field count"])
    }

    @Test("newline-delimited JSON whose media type names a line's schema: each line checked, placed by its number")
    func lines() throws {
        let operation = try #require(Self.document.operation(method: "GET", target: "/v1/lines"))
        func problems(_ text: String) -> [String] {
            operation.problems(status: 200, contentType: "application/x-ndjson", body: Array(text.utf8)).map(\.description)
        }
        #expect(problems("") == [])
        #expect(problems("{\"n\":1}\n{\"n\":2}\n") == [])
        #expect(
            problems("{\"n\":1}\n{\"n\":\"x\"}\n{}\n") == [
                "line 2 $.n: expected integer, got string", "line 3 $: missing required field n",
            ])
        #expect(problems("{\"n\":1}\n\n{\"n\":2}") == ["$: the last line does not end in a line feed", "line 2 $: not JSON (0 bytes)"])
    }

    @Test("a header the response requires must be there, whatever its case; others may be absent")
    func requiredHeaders() throws {
        let operation = try #require(Self.document.operation(method: "GET", target: "/v1/lines"))
        #expect(operation.headerProblems(status: 200, headerNames: ["next-cursor"]) == [])
        #expect(
            operation.headerProblems(status: 200, headerNames: ["Warning"]).map(\.description) == ["header Next-Cursor: required, missing"])
        let report = try #require(
            Self.document.check(
                method: "GET", target: "/v1/lines", status: 200, contentType: "application/x-ndjson", body: [], headerNames: []))
        #expect(report.problems.map(\.description) == ["header Next-Cursor: required, missing"])
    }

    @Test(
        "the report names the document, the operation, the status and each problem; a request no operation serves is checked against a schema given"
    )
    func report() throws {
        let report = try #require(
            Self.document.check(
                method: "GET", target: "/v1/items/x", status: 200, contentType: "application/json",
                body: Array(#"{"id":"x","state":1,"lines":[]}"#.utf8)))
        #expect(
            report.description == """
                GET /v1/items/{id} answered 200, not as test.yaml documents it:
                  $.state: expected string, got integer
                """)
        #expect(Self.document.check(method: "GET", target: "/nowhere", status: 404, contentType: nil, body: []) == nil)
        let unserved = try #require(
            Self.document.check(
                method: "DELETE", target: "/v1/items/x?y=1", status: 405, contentType: "application/json", body: Array("{}".utf8),
                unservedSchema: "#/components/schemas/Item"))
        #expect(unserved.operation == "DELETE /v1/items/x (no operation)")
        #expect(
            unserved.problems.map(\.description)
                == ["$: missing required field id", "$: missing required field state", "$: missing required field lines"])
    }

    @Test("both API documents load, and every reference in them leads somewhere")
    func realDocuments() throws {
        for name in ["pos-api.yaml", "backoffice-api.yaml"] {
            let document = try APIDocument(contentsOf: DocumentedOperations.root.appendingPathComponent("docs/" + name))
            var dangling: [String] = []
            Self.collectReferences(document.root) { reference in
                if document.resolve(.object(["$ref": .string(reference)])) == nil { dangling.append(reference) }
            }
            #expect(dangling.isEmpty, "\(name): \(dangling)")
        }
    }

    static func collectReferences(_ node: JSONValue, _ found: (String) -> Void) {
        switch node {
        case .object(let members):
            if let reference = members["$ref"]?.stringValue { found(reference) }
            for member in members.values { collectReferences(member, found) }
        case .array(let elements):
            for element in elements { collectReferences(element, found) }
        default: break
        }
    }
}
