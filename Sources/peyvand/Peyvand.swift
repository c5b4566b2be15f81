import ArgumentParser

/// `peyvand`: serve the CRM, migrate its database, manage staff and tokens, make demo data.
@main
struct Peyvand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peyvand",
        abstract: "Peyvand (پیوند): a customer relationship management system in Persian and English.",
        subcommands: [ServeCommand.self, MigrateCommand.self, UserCommand.self, TokenCommand.self, DemoCommand.self, ImportCommand.self, ExportCommand.self, DedupeCommand.self, AnalyzeCommand.self,
                      MessengerCommand.self, MailCommand.self, ServiceCommand.self]
    )
}
