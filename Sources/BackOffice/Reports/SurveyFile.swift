import BackOfficeStorage
import Crypto
import Foundation
import PointsEngine

/// A file of survey answers the shop's survey tool exports, read for import: CSV with a header
/// naming at least `date`, `score` and `comment` (in any order; other columns ignored; fields
/// quoted as RFC 4180 quotes them), or JSON lines `{"date": ..., "score": ..., "comment": ...}`.
/// Every row is checked: a date `YYYY-MM-DD`, a score 0 to 10, a comment of at most 500
/// characters.
public struct SurveyFile: Sendable {
    /// A row that can be imported, with its line number.
    public struct Answer: Sendable, Equatable {
        public var line: Int
        public var date: String
        public var score: Int
        public var comment: String
    }

    /// A row that cannot, and why.
    public struct BadRow: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var problem: String
        public var description: String { "line \(line): \(problem)" }
    }

    public var answers: [Answer] = []
    public var bad: [BadRow] = []

    /// Reads `text`: JSON lines when its first non-blank character is `{`, CSV otherwise.
    public init(text: String) {
        if text.first(where: { !$0.isWhitespace }) == "{" {
            readJSONLines(text)
        } else {
            readCSV(text)
        }
    }

    /// The answers as the store keeps them for `store`: each with a digest of the store, the row
    /// and how many identical rows came before it in the file (so importing the same file again
    /// stores nothing twice, and two identical answers of one file both count); times at noon of
    /// the answer's day, `utcOffsetMinutes` east of UTC.
    public func imported(store: String, utcOffsetMinutes: Int) -> [ImportedSurvey] {
        var seen: [String: Int] = [:]
        return answers.compactMap { answer in
            guard let day = try? RetentionPeriod.day(answer.date) else { return nil }
            let row = "\(answer.date)\n\(answer.score)\n\(answer.comment)"
            let occurrence = seen[row, default: 0]
            seen[row] = occurrence + 1
            let digest = SHA256.hash(data: Data("\(store)\n\(row)\n\(occurrence)".utf8)).map { String(format: "%02x", $0) }.joined()
            let time = Int64(day.number) * 86_400 + 12 * 3600 - Int64(utcOffsetMinutes) * 60
            return ImportedSurvey(digest: digest, store: store, time: time, score: answer.score, comment: answer.comment)
        }
    }

    private mutating func check(line: Int, date: String?, score: String?, comment: String?) {
        guard let date, (try? RetentionPeriod.day(date)) != nil else {
            bad.append(BadRow(line: line, problem: "date \(date.map { "'\($0)'" } ?? "missing") is not YYYY-MM-DD"))
            return
        }
        guard let score, let value = Int(score.trimmingCharacters(in: .whitespaces)), (0...10).contains(value) else {
            bad.append(BadRow(line: line, problem: "score \(score.map { "'\($0)'" } ?? "missing") is not a whole number from 0 to 10"))
            return
        }
        let text = comment ?? ""
        guard text.unicodeScalars.count <= 500 else {
            bad.append(BadRow(line: line, problem: "the comment is longer than 500 characters"))
            return
        }
        answers.append(Answer(line: line, date: date, score: value, comment: text))
    }

    private mutating func readJSONLines(_ text: String) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                bad.append(BadRow(line: index + 1, problem: "not a JSON object"))
                continue
            }
            let score: String? =
                switch object["score"] {
                case let number as Int: String(number)
                case let number as Double: String(number)
                case let number as NSNumber: number.stringValue
                case let text as String: text
                default: nil
                }
            check(line: index + 1, date: object["date"] as? String, score: score, comment: object["comment"] as? String)
        }
    }

    private mutating func readCSV(_ text: String) {
        let records = Self.csvRecords(text)
        guard let header = records.first else { return }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let date = names.firstIndex(of: "date"), let score = names.firstIndex(of: "score"),
            let comment = names.firstIndex(of: "comment")
        else {
            bad.append(BadRow(line: header.line, problem: "the header must name the columns date, score and comment"))
            return
        }
        for record in records.dropFirst() where !(record.fields.count == 1 && record.fields[0].isEmpty) {
            guard record.fields.count == names.count else {
                bad.append(BadRow(line: record.line, problem: "\(record.fields.count) fields where the header has \(names.count)"))
                continue
            }
            check(line: record.line, date: record.fields[date], score: record.fields[score], comment: record.fields[comment])
        }
    }

    /// CSV records with the line each starts on: fields split at commas, quoted fields may hold
    /// commas, doubled quotes and line breaks.
    static func csvRecords(_ text: String) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var start = 1
        var characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))
        if characters.last != "\n" { characters.append("\n") }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count, characters[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" { line += 1 }
                    field.append(character)
                }
            } else {
                switch character {
                case "\"" where field.isEmpty: quoted = true
                case ",":
                    fields.append(field)
                    field = ""
                case "\n":
                    fields.append(field)
                    records.append((start, fields))
                    fields = []
                    field = ""
                    line += 1
                    start = line
                default: field.append(character)
                }
            }
            index += 1
        }
        return records
    }
}
