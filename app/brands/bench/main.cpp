// kete-brands-bench: builds a User-access Brands Bundle the size the largest EHR vendors publish
// (100,000 Organizations, 1,000 Endpoints, about 90 MB), then measures what a user waits for:
// parse and index, the index on disk and reading it back at the next start, the search latency
// of each keystroke while typing, and how long the waiting thread's event loop (the app's GUI
// thread) is kept from ticking while the index builds on a worker. The last line is
// "search p99 N ms". A program to run by hand, not a ctest test.
#include "brands/brandsdirectory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <vector>

using namespace kete;
using namespace kete::brands;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

double msSince(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t at = std::min(values.size() - 1, size_t(p / 100.0 * double(values.size())));
    return values[at];
}

const QStringList first = {s("North"),   s("South"), s("East"),   s("West"),    s("Central"),
                           s("Greater"), s("Upper"), s("Lower"),  s("Saint"),   s("Mount"),
                           s("Lake"),    s("River"), s("Valley"), s("Harbour"), s("Coastal"),
                           s("Pine"),    s("Cedar"), s("Oak"),    s("Maple"),   s("Summit")};
const QStringList places = {
    s("Springfield"), s("Riverton"),   s("Fairview"),   s("Greenville"), s("Madison"),
    s("Clinton"),     s("Franklin"),   s("Georgetown"), s("Salem"),      s("Bristol"),
    s("Ashland"),     s("Burlington"), s("Dayton"),     s("Jackson"),    s("Milton"),
    s("Newport"),     s("Oxford"),     s("Auburn"),     s("Dover"),      s("Kingston"),
    s("Lexington"),   s("Marion"),     s("Monroe"),     s("Hudson"),     s("Arlington"),
    s("Winchester"),  s("Clayton"),    s("Lebanon"),    s("Manchester"), s("Waverly")};
const QStringList kinds = {s("Medical Center"),
                           s("Hospital"),
                           s("Clinic"),
                           s("Family Practice"),
                           s("Health System"),
                           s("Pediatrics"),
                           s("Cardiology Associates"),
                           s("Orthopedics"),
                           s("Women's Health"),
                           s("Urgent Care")};
const QStringList states = {s("CA"), s("TX"), s("NY"), s("FL"), s("IL"), s("PA"), s("OH"),
                            s("GA"), s("NC"), s("MI"), s("WA"), s("MA"), s("OR"), s("WI")};

QString organizationName(int i)
{
    return first.at(i % first.size()) + QLatin1Char(' ') + places.at((i / 7) % places.size()) +
           QLatin1Char(' ') + kinds.at((i / 3) % kinds.size()) + QLatin1Char(' ') +
           QString::number(i);
}

QString city(int i)
{
    return places.at((i * 13 + 5) % places.size());
}

QByteArray generateBundle(int organizations, int endpoints)
{
    QJsonArray entries;
    for (int e = 0; e < endpoints; ++e) {
        entries.append(QJsonObject{
            {s("fullUrl"),
             s("urn:uuid:00000000-0000-4000-8000-%1").arg(e, 12, 10, QLatin1Char('0'))},
            {s("resource"),
             QJsonObject{
                 {s("resourceType"), s("Endpoint")},
                 {s("id"), s("ep-%1").arg(e)},
                 {s("extension"),
                  QJsonArray{QJsonObject{
                      {s("url"),
                       s("http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version")},
                      {s("valueCode"), s("4.0.1")}}}},
                 {s("status"), s("active")},
                 {s("connectionType"),
                  QJsonObject{{s("system"),
                               s("http://terminology.hl7.org/CodeSystem/endpoint-connection-type")},
                              {s("code"), s("hl7-fhir-rest")}}},
                 {s("name"), s("FHIR R4 endpoint %1").arg(e)},
                 {s("address"), s("https://fhir%1.ehr.example.com/api/FHIR/R4").arg(e)}}}});
    }
    for (int i = 0; i < organizations; ++i) {
        // Half by fullUrl (urn:uuid:), half by Endpoint/id: both ways the IG allows.
        const QString endpoint = i % 2 ? s("Endpoint/ep-%1").arg(i % endpoints)
                                       : s("urn:uuid:00000000-0000-4000-8000-%1")
                                             .arg(i % endpoints, 12, 10, QLatin1Char('0'));
        const QString site = s("https://org%1.example.org").arg(i);
        const QString name = organizationName(i);
        const QJsonObject brand{
            {s("url"), s("http://hl7.org/fhir/StructureDefinition/organization-brand")},
            {s("extension"),
             QJsonArray{QJsonObject{{s("url"), s("brandLogo")},
                                    {s("valueUrl"), QString(site + s("/logo.svg"))}}}}};
        QJsonObject portal{
            {s("url"), s("http://hl7.org/fhir/StructureDefinition/organization-portal")},
            {s("extension"),
             QJsonArray{
                 QJsonObject{{s("url"), s("portalName")},
                             {s("valueString"), QString(name + s(" MyChart"))}},
                 QJsonObject{{s("url"), s("portalUrl")},
                             {s("valueUrl"), QString(site + s("/mychart"))}},
                 QJsonObject{{s("url"), s("portalEndpoint")},
                             {s("valueReference"), QJsonObject{{s("reference"), endpoint}}}}}}};
        if (i % 4 == 0) {
            QJsonArray sub = portal.value(s("extension")).toArray();
            sub.append(QJsonObject{{s("url"), s("portalLogo")},
                                   {s("valueUrl"), QString(site + s("/logo/portal.png"))}});
            portal.insert(s("extension"), sub);
        }
        if (i % 10 == 0) {
            QJsonArray sub = portal.value(s("extension")).toArray();
            sub.append(QJsonObject{
                {s("url"), s("portalDescription")},
                {s("valueMarkdown"), s("Sign in to see your test results, visit notes and "
                                       "medications, and to message your care team.")}});
            portal.insert(s("extension"), sub);
        }
        QJsonArray addresses;
        for (int a = 0; a < 1 + (i % 4 == 0); ++a) {
            addresses.append(QJsonObject{{s("city"), city(i + a * 11)},
                                         {s("state"), states.at((i + a) % states.size())},
                                         {s("postalCode"), s("%1").arg(10000 + (i * 7 + a) % 89999,
                                                                       5, 10, QLatin1Char('0'))},
                                         {s("country"), s("US")}});
        }
        entries.append(QJsonObject{
            {s("fullUrl"), s("https://ehr.example.com/fhir/Organization/org-%1").arg(i)},
            {s("resource"),
             QJsonObject{
                 {s("resourceType"), s("Organization")},
                 {s("id"), s("org-%1").arg(i)},
                 {s("extension"), i % 2 ? QJsonArray{portal} : QJsonArray{brand, portal}},
                 {s("identifier"), QJsonArray{QJsonObject{{s("system"), s("urn:ietf:rfc:3986")},
                                                          {s("value"), site}}}},
                 {s("type"),
                  QJsonArray{QJsonObject{
                      {s("coding"), QJsonArray{QJsonObject{
                                        {s("system"), s("http://hl7.org/fhir/smart-app-launch/"
                                                        "CodeSystem/user-access-category")},
                                        {s("code"), s("clinical")}}}}}}},
                 {s("name"), name},
                 {s("alias"), QJsonArray{QString(first.at((i + 3) % first.size()) + s(" Health ") +
                                                 QString::number(i))}},
                 {s("address"), addresses},
                 {s("endpoint"), QJsonArray{QJsonObject{{s("reference"), endpoint}}}}}}});
    }
    return QJsonDocument(QJsonObject{{s("resourceType"), s("Bundle")},
                                     {s("id"), s("bench")},
                                     {s("type"), s("collection")},
                                     {s("timestamp"), s("2026-12-01T00:00:00Z")},
                                     {s("entry"), entries}})
        .toJson(QJsonDocument::Compact);
}

// Ticks every millisecond on the calling thread and keeps the longest gap between two ticks.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { tick(); });
    }
    void start()
    {
        m_clock.start();
        m_lastNs = 0;
        m_timer.start();
    }
    double stopMs()
    {
        tick();
        m_timer.stop();
        return double(m_longestNs) / 1e6;
    }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_longestNs = std::max(m_longestNs, now - m_lastNs);
        m_lastNs = now;
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_longestNs = 0;
};

// What a user types: a name, a city, a postal code, a website, an alias, two words.
QStringList typedQueries(const BrandsIndex &index, int count)
{
    QRandomGenerator random(7);
    QStringList queries;
    for (int q = 0; q < count; ++q) {
        const ProviderEntry &entry = index.entries().at(random.bounded(int(index.size())));
        switch (q % 6) {
        case 0:
            queries.append(entry.brandName);
            break;
        case 1:
            queries.append(entry.city());
            break;
        case 2:
            queries.append(entry.addresses.value(0).postalCode);
            break;
        case 3:
            queries.append(entry.websites.value(0).mid(8));
            break;
        case 4:
            queries.append(entry.aliases.value(0));
            break;
        default:
            queries.append(entry.brandName.section(QLatin1Char(' '), 1, 1) + QLatin1Char(' ') +
                           entry.city());
        }
    }
    return queries;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(s("Provider directory (SMART User-access Brands) benchmark."));
    parser.addHelpOption();
    const QCommandLineOption organizations(s("organizations"), s("Organizations (100000)."), s("N"),
                                           s("100000"));
    const QCommandLineOption endpoints(s("endpoints"), s("Endpoints (1000)."), s("N"), s("1000"));
    const QCommandLineOption queries(s("queries"), s("Queries typed key by key (300)."), s("N"),
                                     s("300"));
    parser.addOptions({organizations, endpoints, queries});
    parser.process(app);

    QTextStream out(stdout);
    QElapsedTimer clock;
    clock.start();
    const QByteArray bundle =
        generateBundle(parser.value(organizations).toInt(), parser.value(endpoints).toInt());
    out << "bundle: " << parser.value(organizations) << " Organizations, "
        << parser.value(endpoints) << " Endpoints, "
        << QString::number(double(bundle.size()) / 1e6, 'f', 1) << " MB (generated in "
        << qRound(msSince(clock)) << " ms)" << Qt::endl;

    // Parse and index, as the worker does it.
    clock.restart();
    Result<ParsedBrands> parsed = parseBrandsBundle(bundle);
    if (!parsed) {
        out << "parse failed: " << parsed.error().detail << Qt::endl;
        return 1;
    }
    const double parseMs = msSince(clock);
    clock.restart();
    const BrandsIndex index(providerEntries(parsed->brands));
    const double indexMs = msSince(clock);
    out << "parse " << qRound(parseMs) << " ms, index " << qRound(indexMs) << " ms, "
        << index.size() << " entries, " << parsed->report.problems() << " problems" << Qt::endl;

    // On disk, and read back at the next start.
    QTemporaryDir dir;
    const QString cacheFile = dir.filePath(s("bench.index"));
    clock.restart();
    Result<LoadedDirectory> first = loadDirectory(bundle, cacheFile);
    const double firstLoadMs = msSince(clock);
    clock.restart();
    const std::optional<LoadedDirectory> cached = readIndexCache(cacheFile);
    const double cacheReadMs = msSince(clock);
    if (!first || !cached) {
        out << "cache failed" << Qt::endl;
        return 1;
    }
    out << "hash+parse+index+write " << qRound(firstLoadMs) << " ms; index on disk "
        << QString::number(double(QFileInfo(cacheFile).size()) / 1e6, 'f', 1)
        << " MB; next start reads it in " << qRound(cacheReadMs) << " ms" << Qt::endl;

    // The build on a worker while this thread's event loop ticks.
    QFile::remove(cacheFile);
    StallMeter stalls;
    QEventLoop loop;
    QFutureWatcher<Result<LoadedDirectory>> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    clock.restart();
    stalls.start();
    watcher.setFuture(loadDirectoryAsync(bundle, cacheFile));
    loop.exec();
    const double backgroundMs = msSince(clock);
    const double stallMs = stalls.stopMs();
    out << "background build " << qRound(backgroundMs) << " ms; longest GUI-thread stall "
        << QString::number(stallMs, 'f', 1) << " ms" << Qt::endl;

    // Every keystroke of typed queries.
    std::vector<double> latencies;
    qsizetype found = 0;
    const QStringList typed = typedQueries(*cached->index, parser.value(queries).toInt());
    for (const QString &query : typed) {
        for (qsizetype length = 1; length <= query.size(); ++length) {
            QElapsedTimer keystroke;
            keystroke.start();
            const QList<BrandsIndex::Hit> hits = cached->index->search(query.left(length));
            latencies.push_back(msSince(keystroke));
            found += hits.size();
        }
    }
    out << "search: " << latencies.size() << " keystrokes over " << typed.size() << " queries, p50 "
        << QString::number(percentile(latencies, 50), 'f', 2) << " ms, p99 "
        << QString::number(percentile(latencies, 99), 'f', 2) << " ms, max "
        << QString::number(percentile(latencies, 100), 'f', 2) << " ms (" << found << " hits)"
        << Qt::endl;
    out << "search p99 " << QString::number(percentile(latencies, 99), 'f', 2) << " ms" << Qt::endl;
    return 0;
}
