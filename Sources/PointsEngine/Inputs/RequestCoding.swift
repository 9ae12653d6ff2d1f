/// JSON forms: `"none"`, `"maximum"`, or a number of points.
extension RedemptionRequest {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let points = try? container.decode(Int64.self) {
            self = .points(points)
            return
        }
        switch try container.decode(String.self) {
        case "none": self = .none
        case "maximum": self = .maximum
        case let other:
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected \"none\", \"maximum\" or a number of points, got \"\(other)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .none: try container.encode("none")
        case .maximum: try container.encode("maximum")
        case .points(let points): try container.encode(points)
        }
    }
}

/// JSON forms: `"full"` or an amount in minor units.
extension RefundAmount {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let amount = try? container.decode(Int64.self) {
            self = .amount(amount)
            return
        }
        let text = try container.decode(String.self)
        guard text == "full" else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected \"full\" or an amount, got \"\(text)\"")
        }
        self = .full
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .full: try container.encode("full")
        case .amount(let amount): try container.encode(amount)
        }
    }
}
