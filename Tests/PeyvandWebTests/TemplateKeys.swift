import Foundation

/// Checks that every name a mustache template uses — variables, sections, inverted sections, the
/// arguments of transforms, and the same inside its partials — resolves against a model: the
/// page's typed model (by reflection, as swift-mustache reads it) over the layout's variables.
/// Sections step into what they name (an array's first element, a struct, an unwrapped optional)
/// as the renderer does, so names inside them are looked up where the renderer looks them up.
struct TemplateKeys {
    indirect enum Node {
        case variable(String)
        case section(String, [Node])
        case inverted(String, [Node])
        case partial(String)
        case container([Node])  // `{{<parent}}…{{/parent}}` and `{{$block}}…{{/block}}`
    }

    let directory: URL

    func nodes(_ template: String) throws -> [Node] {
        let text = try String(contentsOf: directory.appendingPathComponent(template + ".mustache"), encoding: .utf8)
        return try Self.parse(text, name: template)
    }

    static func parse(_ text: String, name: String) throws -> [Node] {
        let tag = try NSRegularExpression(pattern: #"\{\{(\{?)\s*([#^/>$<!&]?)\s*([^}]*?)\s*\}?\}\}"#)
        var stack: [(kind: String, name: String, children: [Node])] = [("root", "", [])]
        for m in tag.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let sigil = String(text[Range(m.range(at: 2), in: text)!])
            let body = String(text[Range(m.range(at: 3), in: text)!])
            switch sigil {
            case "!": continue
            case "#", "^", "$", "<": stack.append((sigil, body, []))
            case "/":
                let open = stack.removeLast()
                guard open.name == body else { throw Problem("\(name): {{/\(body)}} closes {{\(open.kind)\(open.name)}}") }
                let node: Node = switch open.kind {
                case "#": .section(open.name, open.children)
                case "^": .inverted(open.name, open.children)
                default: .container(open.children)
                }
                stack[stack.count - 1].children.append(node)
            case ">": stack[stack.count - 1].children.append(.partial(body))
            default: stack[stack.count - 1].children.append(.variable(body))
            }
        }
        guard stack.count == 1 else { throw Problem("\(name): {{\(stack.last!.kind)\(stack.last!.name)}} is never closed") }
        return stack[0].children
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The names of `template` that resolve to nothing, as "template: name".
    func unresolved(_ template: String, values: [String: Any]) throws -> [String] {
        var missing: [String] = []
        try check(try nodes(template), stack: [values], in: template, seen: [template], missing: &missing)
        return missing
    }

    private func check(_ nodes: [Node], stack: [Any], in template: String, seen: Set<String>, missing: inout [String]) throws {
        for node in nodes {
            switch node {
            case .variable(let name):
                if case .none = resolve(name, stack) { missing.append("\(template): {{\(name)}}") }
            case .section(let name, let children):
                switch resolve(name, stack) {
                case .none: missing.append("\(template): {{#\(name)}}")
                case .some(let value):
                    var inner = stack
                    if !name.contains("(") {
                        switch Self.step(into: value) {
                        case .push(let v): inner.append(v)
                        case .keep: break
                        case .empty: missing.append("\(template): {{#\(name)}} is an empty list in the sample; give it one element")
                        }
                    }
                    try check(children, stack: inner, in: template, seen: seen, missing: &missing)
                }
            case .inverted(let name, let children):
                if case .none = resolve(name, stack) { missing.append("\(template): {{^\(name)}}") }
                try check(children, stack: stack, in: template, seen: seen, missing: &missing)
            case .partial(let name):
                guard !seen.contains(name) else { continue }
                try check(try self.nodes(name), stack: stack, in: "\(template) > \(name)", seen: seen.union([name]), missing: &missing)
            case .container(let children):
                try check(children, stack: stack, in: template, seen: seen, missing: &missing)
            }
        }
    }

    enum Step { case push(Any), keep, empty }

    /// What a section pushes on the context stack for `value`.
    static func step(into value: Any) -> Step {
        let unwrapped = unwrap(value)
        guard let unwrapped else { return .keep }
        if unwrapped is Bool { return .keep }
        let mirror = Mirror(reflecting: unwrapped)
        if mirror.displayStyle == .collection || mirror.displayStyle == .set {
            guard let first = mirror.children.first?.value else { return .empty }
            return .push(first)
        }
        return .push(unwrapped)
    }

    static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrap($0.value) } ?? nil
    }

    /// What the name resolves to (itself possibly an absent optional), `nil` when nothing answers to it.
    func resolve(_ raw: String, _ stack: [Any]) -> Any? {
        var name = raw
        // transforms: `empty(list)`, `reversed(first(list))`
        while let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            name = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
        }
        if name == "." || name.isEmpty { return stack.last }
        let parts = name.split(separator: ".").map(String.init)
        for context in stack.reversed() {
            guard var value = Self.child(parts[0], of: context) else { continue }
            for part in parts.dropFirst() {
                guard let current = Self.unwrap(value), let next = Self.child(part, of: current) else { return nil }
                value = next
            }
            return value
        }
        return nil
    }

    /// A struct's property or a dictionary's entry named `key`; `nil` when there is none.
    static func child(_ key: String, of object: Any) -> Any? {
        guard let object = unwrap(object) else { return nil }
        if let dictionary = object as? [String: Any] { return dictionary[key] }
        return Mirror(reflecting: object).children.first { $0.label == key }.map { $0.value }
    }
}
