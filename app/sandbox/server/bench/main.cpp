// kete-sandbox-bench: starts a SandboxServer on its own thread (SandboxHost), signs in through
// the real authorization server in auto-approve mode, then measures authorized searches against
// the large patient's Observations, and the authorization-code exchange (authorize + token).
#include "common/crypto.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/server/bench/keepaliveload.h"
#include "sandbox/server/sandboxhost.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTextStream>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>
#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

using namespace kete::sandbox;
using kete::sandbox::bench::getRequest;
using kete::sandbox::bench::keepAliveLoad;
using kete::sandbox::bench::Measurement;

namespace {

const QString redirectUri = QStringLiteral("http://127.0.0.1:1/callback.html");
const QString clientId = QStringLiteral("fhirclient-conformance");

// Blocks in a local event loop until the reply has finished.
QNetworkReply *wait(QNetworkReply *reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    return reply;
}

QByteArray hostHeader(const QUrl &url)
{
    return url.host(QUrl::FullyEncoded).toLatin1() + ':' + QByteArray::number(url.port());
}

// authorize (auto-approved: a 302 with the code) + token. Empty on failure.
QByteArray exchangeCode(QNetworkAccessManager &network, const QUrl &authorizeEndpoint,
                        const QUrl &tokenEndpoint, const QUrl &fhirBase)
{
    const QByteArray verifier = kete::crypto::randomToken();
    QUrl authorize = authorizeEndpoint;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), clientId);
    query.addQueryItem(QStringLiteral("redirect_uri"), redirectUri);
    query.addQueryItem(QStringLiteral("scope"),
                       QStringLiteral("launch/patient patient/Observation.rs patient/Patient.rs"));
    query.addQueryItem(QStringLiteral("state"), QStringLiteral("bench"));
    query.addQueryItem(QStringLiteral("aud"), fhirBase.toString());
    query.addQueryItem(
        QStringLiteral("code_challenge"),
        QString::fromLatin1(kete::crypto::base64Url(kete::crypto::sha256(verifier))));
    query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    authorize.setQuery(query);
    QNetworkRequest request(authorize);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    std::unique_ptr<QNetworkReply> redirect(wait(network.get(request)));
    const QUrl location(QString::fromUtf8(redirect->rawHeader("Location")));
    const QString code = QUrlQuery(location).queryItemValue(QStringLiteral("code"));
    if (code.isEmpty())
        return {};

    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    form.addQueryItem(QStringLiteral("code"), code);
    form.addQueryItem(QStringLiteral("redirect_uri"), redirectUri);
    form.addQueryItem(QStringLiteral("client_id"), clientId);
    form.addQueryItem(QStringLiteral("code_verifier"), QString::fromLatin1(verifier));
    QNetworkRequest tokenRequest(tokenEndpoint);
    tokenRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                           QStringLiteral("application/x-www-form-urlencoded"));
    std::unique_ptr<QNetworkReply> reply(
        wait(network.post(tokenRequest, form.toString(QUrl::FullyEncoded).toLatin1())));
    return QJsonDocument::fromJson(reply->readAll())
        .object()
        .value(QLatin1String("access_token"))
        .toString()
        .toLatin1();
}

// Observation searches of the large patient, page after page, on keep-alive connections.
Measurement measureSearches(const QUrl &fhirBase, const QByteArray &token, int connections,
                            int count, int durationMs, qint64 totalMatches)
{
    const qint64 pages = std::max<qint64>(1, totalMatches / count);
    const QByteArray prefix =
        fhirBase.path(QUrl::FullyEncoded).toLatin1() +
        "/Observation?patient=" + PatientGenerator::largePatientId().toLatin1() +
        "&_count=" + QByteArray::number(count) + "&_offset=";
    const QByteArray host = hostHeader(fhirBase);
    return keepAliveLoad(
        fhirBase.host(), quint16(fhirBase.port()), connections, durationMs, [&](qint64 n) {
            return getRequest(prefix + QByteArray::number((n % pages) * count), host, token);
        });
}

// Patient/{id}: the signed-in patient, read again and again.
Measurement measureReads(const QUrl &fhirBase, const QByteArray &token, int connections,
                         int durationMs)
{
    const QByteArray request =
        getRequest(fhirBase.path(QUrl::FullyEncoded).toLatin1() + "/Patient/" +
                       PatientGenerator::largePatientId().toLatin1(),
                   hostHeader(fhirBase), token);
    return keepAliveLoad(fhirBase.host(), quint16(fhirBase.port()), connections, durationMs,
                         [&](qint64) { return request; });
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measures the Kete sandbox: FHIR searches per second with p50/p99 latency, "
                       "and the authorization-code exchange rate."));
    parser.addHelpOption();
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("Duration of each measurement (default 3)."),
                                     QStringLiteral("S"), QStringLiteral("3"));
    const QCommandLineOption threads(
        QStringLiteral("threads"),
        QStringLiteral("Serving threads of the sandbox (default 0: one per core)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption readsOnly(
        QStringLiteral("reads-only"),
        QStringLiteral("Only the rows of reads of Patient/{id} (to profile them)."));
    parser.addOption(seconds);
    parser.addOption(threads);
    parser.addOption(readsOnly);
    parser.process(app);
    const int durationMs = qMax(1, parser.value(seconds).toInt()) * 1000;

    SandboxOptions options;
    options.largePatientObservations = 20000;
    options.autoApproveUser = PatientGenerator::largePatientId();
    options.threads = qMax(0, parser.value(threads).toInt());
    SandboxHost host(options);
    QEventLoop started;
    QObject::connect(&host, &SandboxHost::started, &started, &QEventLoop::quit);
    QObject::connect(&host, &SandboxHost::failed, &started, [&](const QString &message) {
        QTextStream(stderr) << "sandbox failed: " << message << Qt::endl;
        started.exit(1);
    });
    host.start();
    if (started.exec() != 0)
        return 1;
    const QUrl base = host.fhirBaseUrl();
    // The endpoints are plain values once started; read them on this thread without a call.
    const QUrl authorize(base.adjusted(QUrl::RemovePath).toString() +
                         QStringLiteral("/auth/authorize"));
    const QUrl tokenEndpoint(base.adjusted(QUrl::RemovePath).toString() +
                             QStringLiteral("/auth/token"));

    QNetworkAccessManager network;
    const QByteArray token = exchangeCode(network, authorize, tokenEndpoint, base);
    if (token.isEmpty()) {
        QTextStream(stderr) << "could not obtain a token" << Qt::endl;
        return 1;
    }

    // How many matches the large patient has (one _count=0 search).
    QNetworkRequest totalRequest(QUrl(base.toString() + QStringLiteral("/Observation?_count=0")));
    totalRequest.setRawHeader("Authorization", "Bearer " + token);
    std::unique_ptr<QNetworkReply> totalReply(wait(network.get(totalRequest)));
    const qint64 total = QJsonDocument::fromJson(totalReply->readAll())
                             .object()
                             .value(QLatin1String("total"))
                             .toInteger();

    QTextStream out(stdout);
    out << "Kete sandbox benchmark: Observation?patient=" << PatientGenerator::largePatientId()
        << " (" << total << " matches), " << durationMs / 1000 << " s per row, "
        << (options.threads > 0 ? options.threads : QThread::idealThreadCount())
        << " serving threads; rows with _count \"read\" read Patient/"
        << PatientGenerator::largePatientId() << " (reads/s)\n\n";
    out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
               .arg(QStringLiteral("connections"), 11)
               .arg(QStringLiteral("_count"), 7)
               .arg(QStringLiteral("searches/s"), 11)
               .arg(QStringLiteral("p50 ms"), 8)
               .arg(QStringLiteral("p99 ms"), 8)
               .arg(QStringLiteral("failed"), 7);
    const QList<int> counts = parser.isSet(readsOnly) ? QList<int>{} : QList<int>{100, 1000};
    for (const int count : counts) {
        for (const int connections : {1, 8, 32}) {
            Measurement m = measureSearches(base, token, connections, count, durationMs, total);
            out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                       .arg(connections, 11)
                       .arg(count, 7)
                       .arg(double(m.requests) / m.seconds, 11, 'f', 1)
                       .arg(m.percentile(0.50), 8, 'f', 1)
                       .arg(m.percentile(0.99), 8, 'f', 1)
                       .arg(m.failures, 7);
            out.flush();
        }
    }
    // Reads: the _count column says "read" (Patient/{id}); the rate is reads/s.
    for (const int connections : {1, 8, 32}) {
        Measurement m = measureReads(base, token, connections, durationMs);
        out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                   .arg(connections, 11)
                   .arg(QStringLiteral("read"), 7)
                   .arg(double(m.requests) / m.seconds, 11, 'f', 1)
                   .arg(m.percentile(0.50), 8, 'f', 1)
                   .arg(m.percentile(0.99), 8, 'f', 1)
                   .arg(m.failures, 7);
        out.flush();
    }

    if (parser.isSet(readsOnly))
        return 0;
    QElapsedTimer timer;
    timer.start();
    int exchanges = 0;
    int failed = 0;
    while (timer.elapsed() < durationMs) {
        if (exchangeCode(network, authorize, tokenEndpoint, base).isEmpty())
            ++failed;
        else
            ++exchanges;
    }
    out << "\nauthorization code exchanges (GET /authorize + POST /token, 1 connection): "
        << QString::number(double(exchanges) * 1000.0 / double(timer.elapsed()), 'f', 1)
        << "/s, failed " << failed << Qt::endl;
    return 0;
}
