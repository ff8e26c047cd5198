// kete-sandbox-bench: starts a SandboxServer on its own thread (SandboxHost), signs in through
// the real authorization server in auto-approve mode, then measures authorized searches against
// the large patient's Observations, and the authorization-code exchange (authorize + token).
#include "common/crypto.h"
#include "sandbox/data/patientgenerator.h"
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

namespace {

const QString redirectUri = QStringLiteral("http://127.0.0.1:1/callback.html");
const QString clientId = QStringLiteral("fhirclient-conformance");

struct Measurement
{
    qint64 requests = 0;
    qint64 failures = 0;
    double seconds = 0;
    std::vector<double> latenciesMs;

    double percentile(double p)
    {
        if (latenciesMs.empty())
            return 0;
        std::sort(latenciesMs.begin(), latenciesMs.end());
        const auto index = std::min(latenciesMs.size() - 1,
                                    static_cast<std::size_t>(p * double(latenciesMs.size())));
        return latenciesMs[index];
    }
};

// Blocks in a local event loop until the reply has finished.
QNetworkReply *wait(QNetworkReply *reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    return reply;
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

// The URL of the n-th request of a measurement.
using RequestUrl = std::function<QUrl(qint64 n)>;

// `connections` clients, each with its own QNetworkAccessManager (Qt opens at most six
// connections per manager and host) and one request in flight, for `duration` ms.
Measurement measure(const QByteArray &token, int connections, int durationMs,
                    const RequestUrl &urlOf)
{
    Measurement result;
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    QElapsedTimer clock;
    bool stopping = false;
    int inFlight = 0;
    QEventLoop loop;
    qint64 next = 0;

    std::function<void(QNetworkAccessManager *)> issue = [&](QNetworkAccessManager *network) {
        if (stopping) {
            if (inFlight == 0)
                loop.quit();
            return;
        }
        QNetworkRequest request(urlOf(next++));
        request.setRawHeader("Authorization", "Bearer " + token);
        request.setRawHeader("Accept", "application/fhir+json");
        const qint64 started = clock.nsecsElapsed();
        ++inFlight;
        QNetworkReply *reply = network->get(request);
        QObject::connect(reply, &QNetworkReply::finished, network, [&, reply, network, started] {
            --inFlight;
            const QByteArray body = reply->readAll();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 200 && !body.isEmpty()) {
                ++result.requests;
                result.latenciesMs.push_back(double(clock.nsecsElapsed() - started) / 1e6);
            } else {
                ++result.failures;
            }
            reply->deleteLater();
            issue(network);
        });
    };

    for (int i = 0; i < connections; ++i)
        managers.push_back(std::make_unique<QNetworkAccessManager>());
    clock.start();
    for (const auto &manager : managers)
        issue(manager.get());
    QTimer::singleShot(durationMs, &loop, [&] { stopping = true; });
    loop.exec();
    result.seconds = double(clock.nsecsElapsed()) / 1e9;
    return result;
}

Measurement measureSearches(const QUrl &fhirBase, const QByteArray &token, int connections,
                            int count, int durationMs, qint64 totalMatches)
{
    const qint64 pages = std::max<qint64>(1, totalMatches / count);
    return measure(token, connections, durationMs, [&](qint64 n) {
        QUrl url(fhirBase.toString() + QStringLiteral("/Observation"));
        url.setQuery(QStringLiteral("patient=%1&_count=%2&_offset=%3")
                         .arg(PatientGenerator::largePatientId())
                         .arg(count)
                         .arg((n % pages) * count));
        return url;
    });
}

// Patient/{id}: the signed-in patient, read again and again.
Measurement measureReads(const QUrl &fhirBase, const QByteArray &token, int connections,
                         int durationMs)
{
    const QUrl url(fhirBase.toString() + QStringLiteral("/Patient/") +
                   PatientGenerator::largePatientId());
    return measure(token, connections, durationMs, [&](qint64) { return url; });
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
    parser.addOption(seconds);
    parser.addOption(threads);
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
    for (const int count : {100, 1000}) {
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
