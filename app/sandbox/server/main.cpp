// kete-sandbox: the SMART sandbox as a process, for teaching, manual tests and other clients.
// The first line on stdout is the FHIR base URL (with --organisations N, one line per
// organisation, the GP's first); everything else goes to stderr.
#include "common/version.h"
#include "sandbox/server/sandboxorganisations.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

using namespace kete::sandbox;

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "kete-sandbox: " << message << Qt::endl;
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kete-sandbox"));
    QCoreApplication::setApplicationVersion(kete::versionString());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Kete's strict SMART App Launch 2.2 sandbox: an authorization server and a "
                       "FHIR R4 server over synthetic patients. Prints the FHIR base URL as the "
                       "first line on stdout; with --organisations 2, one line per organisation."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("TCP port to listen on (0: a free port)."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption address(QStringLiteral("address"),
                                     QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                     QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption data(
        QStringLiteral("data"),
        QStringLiteral("Load FHIR Bundles (*.json) and NDJSON (*.ndjson) from DIR instead of "
                       "generating patients."),
        QStringLiteral("DIR"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Seed of the patient generator (default 42)."),
                                  QStringLiteral("N"), QStringLiteral("42"));
    const QCommandLineOption large(
        QStringLiteral("large-patient-observations"),
        QStringLiteral("Observations of the large patient (grace-huang), default 20000."),
        QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption clients(
        QStringLiteral("clients"),
        QStringLiteral("JSON client registrations: {\"clients\": [{\"client_id\", \"type\", "
                       "\"redirect_uris\", ...}]}."),
        QStringLiteral("FILE"));
    const QCommandLineOption autoApprove(
        QStringLiteral("auto-approve"),
        QStringLiteral("Approve every authorization request at once for this Patient or "
                       "Practitioner id (no sign-in pages). Without ID (--auto-approve=) the "
                       "first demo patient."),
        QStringLiteral("ID"));
    const QCommandLineOption fault(
        QStringLiteral("fault"),
        QStringLiteral("Simulate a fault, for every client or only for CLIENT-ID; repeatable. "
                       "Names: %1.")
            .arg(FaultPlan::allNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME[:CLIENT-ID]"));
    const QCommandLineOption persona(
        QStringLiteral("persona"),
        QStringLiteral("Behave like a kind of real EHR, with its documented habits: %1.")
            .arg(Persona::allNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    const QCommandLineOption brands(
        QStringLiteral("brands"),
        QStringLiteral("Publish this User-access Brands Bundle at /brands/bundle.json (named in "
                       "the smart-configuration) instead of the demo organisations."),
        QStringLiteral("FILE"));
    const QCommandLineOption brandsWithoutEtag(
        QStringLiteral("brands-without-etag"),
        QStringLiteral("Serve the brands Bundle without an ETag, as some EHR vendors do."));
    const QCommandLineOption admin(
        QStringLiteral("admin"),
        QStringLiteral("Let tests change the records while the server runs: PUT/DELETE "
                       "/admin/<type>/<id>, GET /admin/stats; loopback only."));
    const QCommandLineOption threads(
        QStringLiteral("threads"),
        QStringLiteral("Threads serving the connections (default 0: one per core)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QStringList organisationNames = [] {
        QStringList names;
        for (const Organisation organisation : allOrganisations())
            names.append(QStringLiteral("%1 %2%3/fhir")
                             .arg(names.size() + 1)
                             .arg(profileOf(organisation).name,
                                  QStringLiteral(" at ") + profileOf(organisation).pathPrefix));
        return names;
    }();
    const QCommandLineOption organisations(
        QStringLiteral("organisations"),
        QStringLiteral("Serve N organisations (default 1, at most %1), each a separate provider "
                       "on its own port (--port P: P, P+1, ...) with its own authorization "
                       "server, tokens, accounts and records for the same demo people; one FHIR "
                       "base per line on stdout: %2.")
            .arg(allOrganisations().size())
            .arg(organisationNames.join(QStringLiteral(", "))),
        QStringLiteral("N"), QStringLiteral("1"));
    parser.addOptions({port, address, data, seed, large, clients, autoApprove, fault, persona,
                       brands, brandsWithoutEtag, admin, threads, organisations});

    // "--auto-approve" without a value: QCommandLineParser wants one, so give it an empty one.
    QStringList arguments = QCoreApplication::arguments();
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const bool last = i + 1 == arguments.size();
        if (arguments.at(i) == QLatin1String("--auto-approve") &&
            (last || arguments.at(i + 1).startsWith(QLatin1Char('-'))))
            arguments[i] = QStringLiteral("--auto-approve=");
    }
    parser.process(arguments);

    SandboxOptions options;
    bool ok = false;
    options.port = parser.value(port).toUShort(&ok);
    if (!ok)
        return fail(QStringLiteral("--port wants a number from 0 to 65535"));
    if (!options.address.setAddress(parser.value(address)))
        return fail(QStringLiteral("--address wants an IP address"));
    options.dataFolder = parser.value(data);
    options.seed = parser.value(seed).toUInt(&ok);
    if (!ok)
        return fail(QStringLiteral("--seed wants a number"));
    options.largePatientObservations = parser.value(large).toInt(&ok);
    if (!ok || options.largePatientObservations < 0)
        return fail(QStringLiteral("--large-patient-observations wants a number"));
    options.threads = parser.value(threads).toInt(&ok);
    if (!ok || options.threads < 0)
        return fail(QStringLiteral("--threads wants a number from 0"));
    options.clientsFile = parser.value(clients);
    options.brandsFile = parser.value(brands);
    options.brandsEtag = !parser.isSet(brandsWithoutEtag);
    options.admin = parser.isSet(admin);
    for (const QString &spec : parser.values(fault)) {
        const QString name = spec.section(QLatin1Char(':'), 0, 0);
        const QString client = spec.section(QLatin1Char(':'), 1);
        const std::optional<Fault> parsed = FaultPlan::fromName(name);
        if (!parsed)
            return fail(QStringLiteral("unknown fault \"%1\"; known: %2")
                            .arg(name, FaultPlan::allNames().join(QStringLiteral(", "))));
        if (client.isEmpty())
            options.faults.enable(*parsed);
        else
            options.faults.enableFor(client, *parsed);
    }

    if (parser.isSet(persona)) {
        const std::optional<Persona> chosen = Persona::fromName(parser.value(persona));
        if (!chosen)
            return fail(
                QStringLiteral("unknown persona \"%1\"; known: %2")
                    .arg(parser.value(persona), Persona::allNames().join(QStringLiteral(", "))));
        options.faults.enable(*chosen);
    }

    if (parser.isSet(autoApprove))
        options.autoApproveUser = parser.value(autoApprove);

    const int count = parser.value(organisations).toInt(&ok);
    if (!ok || count < 1 || count > allOrganisations().size())
        return fail(QStringLiteral("--organisations wants a number from 1 to %1")
                        .arg(allOrganisations().size()));
    if (count > 1 && !options.dataFolder.isEmpty())
        return fail(QStringLiteral("--data serves one organisation; leave out --organisations"));
    if (count > 1 && options.port != 0 && int(options.port) + count - 1 > 65535)
        return fail(QStringLiteral("--port leaves no room for %1 organisations").arg(count));

    SandboxOrganisations servers(allOrganisations().mid(0, count), options);
    const kete::Result<QList<QUrl>> bases = servers.start();
    if (!bases)
        return fail(bases.error().message + QStringLiteral(" (") + bases.error().detail +
                    QLatin1Char(')'));

    QTextStream out(stdout);
    for (const QUrl &base : *bases)
        out << base.toString() << Qt::endl; // endl flushes
    return QCoreApplication::exec();
}
