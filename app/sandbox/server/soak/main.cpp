// kete-sandbox-soak: a bounded soak on 127.0.0.1 (a program, never a ctest test).
//
// Server: many concurrent clients, each looping launch (GET /authorize auto-approved + POST
// /token with PKCE), searches, a refresh grant and more searches, for a bounded time, against
// access tokens that live 5 s; every fourth launch abandons its code. It reports the operations
// and errors, the process's RSS as it goes, and what the token store holds at the end and after
// the sandbox's clock has moved a day on (abandoned codes and expired tokens must be pruned).
//
// Client: smart::Session with the keychain through many refresh cycles of short-lived tokens:
// the RSS after the warm-up and at the end, and the keychain writes against the rotations.
#include "common/crypto.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/server/sandboxhost.h"
#include "smart/session.h"
#include "storage/chunkedsecretstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTextStream>
#include <QTimer>
#include <QUrlQuery>
#include <atomic>
#include <malloc.h>
#include <memory>
#include <vector>

using namespace kete;
using namespace kete::sandbox;

namespace {

const QString kClientId = QStringLiteral("kete-desktop");
const QString kRedirectUri = QStringLiteral("http://127.0.0.1/kete/callback");
const QString kScope = QStringLiteral("launch/patient openid fhirUser offline_access "
                                      "patient/Patient.rs patient/Observation.rs");

// Resident set of this process (the sandbox and the clients), in KiB.
qint64 rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// The sandbox's clock: the real one, plus a jump the soak makes at the end.
class JumpingClock
{
public:
    Clock clock() const
    {
        return
            [offset = m_offset] { return QDateTime::currentDateTimeUtc().addSecs(offset->load()); };
    }
    void jump(qint64 seconds) { m_offset->fetch_add(seconds); }

private:
    std::shared_ptr<std::atomic<qint64>> m_offset = std::make_shared<std::atomic<qint64>>(0);
};

struct Endpoints
{
    QUrl fhirBase;
    QUrl authorize;
    QUrl token;
};

struct Counts
{
    qint64 launches = 0;
    qint64 abandoned = 0; // codes never exchanged
    qint64 searches = 0;
    qint64 refreshes = 0;
    qint64 expired = 0; // 401 on an expired access token, answered by a refresh
    qint64 errors = 0;
    QStringList firstErrors;

    void error(const QString &what)
    {
        ++errors;
        if (firstErrors.size() < 5)
            firstErrors.append(what);
    }
};

QNetworkRequest formRequest(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/x-www-form-urlencoded"));
    return request;
}

// One client of the load: launch, searches, refresh, searches, again, until told to stop.
class LoadClient final : public QObject
{
public:
    LoadClient(const Endpoints &endpoints, Counts &counts, const bool &stopping,
               std::function<void()> finished)
        : m_endpoints(endpoints)
        , m_counts(counts)
        , m_stopping(stopping)
        , m_finished(std::move(finished))
    {}

    void launch()
    {
        if (stop())
            return;
        ++m_counts.launches;
        const QByteArray verifier = crypto::randomToken();
        QUrl authorize = m_endpoints.authorize;
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
        query.addQueryItem(QStringLiteral("client_id"), kClientId);
        query.addQueryItem(QStringLiteral("redirect_uri"), kRedirectUri);
        query.addQueryItem(QStringLiteral("scope"), kScope);
        query.addQueryItem(QStringLiteral("state"), QString::fromLatin1(crypto::randomToken(8)));
        query.addQueryItem(QStringLiteral("aud"), m_endpoints.fhirBase.toString());
        query.addQueryItem(QStringLiteral("code_challenge"),
                           QString::fromLatin1(crypto::base64Url(crypto::sha256(verifier))));
        query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
        authorize.setQuery(query);
        QNetworkRequest request(authorize);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        const bool abandon = m_counts.launches % 4 == 0;
        answer(m_network.get(request), [this, verifier, abandon](QNetworkReply *reply) {
            const QString code = QUrlQuery(QUrl(QString::fromUtf8(reply->rawHeader("Location"))))
                                     .queryItemValue(QStringLiteral("code"));
            if (code.isEmpty())
                return failed(QStringLiteral("authorize: no code"), reply);
            if (abandon) {
                ++m_counts.abandoned;
                return launch();
            }
            QUrlQuery form;
            form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
            form.addQueryItem(QStringLiteral("code"), code);
            form.addQueryItem(QStringLiteral("redirect_uri"), kRedirectUri);
            form.addQueryItem(QStringLiteral("client_id"), kClientId);
            form.addQueryItem(QStringLiteral("code_verifier"), QString::fromLatin1(verifier));
            answer(m_network.post(formRequest(m_endpoints.token),
                                  form.toString(QUrl::FullyEncoded).toLatin1()),
                   [this](QNetworkReply *tokens) {
                       if (!takeTokens(tokens))
                           return;
                       m_refreshed = false;
                       search(4);
                   });
        });
    }

private:
    bool stop()
    {
        if (!m_stopping)
            return false;
        if (m_finished)
            std::exchange(m_finished, nullptr)();
        return true;
    }

    void answer(QNetworkReply *reply, std::function<void(QNetworkReply *)> then)
    {
        connect(reply, &QNetworkReply::finished, this, [reply, then = std::move(then)] {
            reply->deleteLater();
            then(reply);
        });
    }

    void failed(const QString &what, QNetworkReply *reply)
    {
        m_counts.error(what +
                       QStringLiteral(" (HTTP %1, %2)")
                           .arg(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt())
                           .arg(reply->errorString()));
        launch();
    }

    bool takeTokens(QNetworkReply *reply)
    {
        const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
        m_access = json.value(QLatin1String("access_token")).toString().toLatin1();
        const QByteArray refresh = json.value(QLatin1String("refresh_token")).toString().toLatin1();
        if (m_access.isEmpty() || refresh.isEmpty()) {
            failed(QStringLiteral("token: no tokens"), reply);
            return false;
        }
        m_refresh = refresh;
        return true;
    }

    // `left` searches, then a refresh (after the first round) or a new launch.
    void search(int left)
    {
        if (stop())
            return;
        if (left == 0)
            return m_refreshed ? launch() : refresh();
        QUrl url(m_endpoints.fhirBase.toString() + QStringLiteral("/Observation"));
        url.setQuery(
            QStringLiteral("patient=%1&_count=50").arg(PatientGenerator::largePatientId()));
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + m_access);
        request.setRawHeader("Accept", "application/fhir+json");
        answer(m_network.get(request), [this, left](QNetworkReply *reply) {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 401) {
                ++m_counts.expired;
                return refresh(left);
            }
            if (status != 200 || reply->readAll().isEmpty())
                return failed(QStringLiteral("search"), reply);
            ++m_counts.searches;
            search(left - 1);
        });
    }

    // A refresh grant, then `searchesAfter` searches.
    void refresh(int searchesAfter = 4)
    {
        if (stop())
            return;
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), QString::fromLatin1(m_refresh));
        form.addQueryItem(QStringLiteral("client_id"), kClientId);
        answer(m_network.post(formRequest(m_endpoints.token),
                              form.toString(QUrl::FullyEncoded).toLatin1()),
               [this, searchesAfter](QNetworkReply *reply) {
                   if (!takeTokens(reply))
                       return;
                   ++m_counts.refreshes;
                   m_refreshed = true;
                   search(searchesAfter);
               });
    }

    const Endpoints &m_endpoints;
    Counts &m_counts;
    const bool &m_stopping;
    std::function<void()> m_finished;
    QNetworkAccessManager m_network;
    QByteArray m_access;
    QByteArray m_refresh;
    bool m_refreshed = false;
};

QString sizesText(const TokenStore::Sizes &sizes)
{
    return QStringLiteral("%1 codes, %2 access tokens, %3 refresh tokens, %4 families")
        .arg(sizes.codes)
        .arg(sizes.accessTokens)
        .arg(sizes.refreshTokens)
        .arg(sizes.families);
}

// A sign-in of its own, at once (auto-approve). Empty tokens on failure.
smart::TokenSet signIn(const Endpoints &endpoints)
{
    QNetworkAccessManager network;
    const QByteArray verifier = crypto::randomToken();
    QUrl authorize = endpoints.authorize;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), kClientId);
    query.addQueryItem(QStringLiteral("redirect_uri"), kRedirectUri);
    query.addQueryItem(QStringLiteral("scope"), kScope);
    query.addQueryItem(QStringLiteral("state"), QStringLiteral("soak"));
    query.addQueryItem(QStringLiteral("aud"), endpoints.fhirBase.toString());
    query.addQueryItem(QStringLiteral("code_challenge"),
                       QString::fromLatin1(crypto::base64Url(crypto::sha256(verifier))));
    query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    authorize.setQuery(query);
    QNetworkRequest request(authorize);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    const auto wait = [](QNetworkReply *reply) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        return std::unique_ptr<QNetworkReply>(reply);
    };
    const auto redirect = wait(network.get(request));
    const QString code = QUrlQuery(QUrl(QString::fromUtf8(redirect->rawHeader("Location"))))
                             .queryItemValue(QStringLiteral("code"));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    form.addQueryItem(QStringLiteral("code"), code);
    form.addQueryItem(QStringLiteral("redirect_uri"), kRedirectUri);
    form.addQueryItem(QStringLiteral("client_id"), kClientId);
    form.addQueryItem(QStringLiteral("code_verifier"), QString::fromLatin1(verifier));
    const auto reply = wait(
        network.post(formRequest(endpoints.token), form.toString(QUrl::FullyEncoded).toLatin1()));
    const auto tokens = smart::TokenSet::fromResponse(
        QJsonDocument::fromJson(reply->readAll()).object(), QDateTime::currentDateTimeUtc(),
        smart::ScopeSet::parse(kScope));
    return tokens ? tokens.value() : smart::TokenSet{};
}

// The load; returns the number of errors.
qint64 soakServer(SandboxHost &host, JumpingClock &clock, const Endpoints &endpoints, int clients,
                  int seconds, QTextStream &out)
{
    Counts counts;
    bool stopping = false;
    int running = clients;
    QEventLoop loop;
    std::vector<std::unique_ptr<LoadClient>> load;
    for (int i = 0; i < clients; ++i)
        load.push_back(std::make_unique<LoadClient>(endpoints, counts, stopping, [&] {
            if (--running == 0)
                loop.quit();
        }));

    out << "Sandbox under load: " << clients << " clients for " << seconds
        << " s (launch with PKCE, 4 searches, refresh, 4 searches, again; every 4th launch "
           "abandons its code; access tokens live 5 s)\n\n";
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
               .arg(QStringLiteral("s"), 4)
               .arg(QStringLiteral("launches"), 9)
               .arg(QStringLiteral("abandoned"), 10)
               .arg(QStringLiteral("searches"), 9)
               .arg(QStringLiteral("refreshes"), 10)
               .arg(QStringLiteral("expired"), 8)
               .arg(QStringLiteral("errors"), 7)
               .arg(QStringLiteral("RSS MiB"), 8);
    const auto row = [&](int second) {
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                   .arg(second, 4)
                   .arg(counts.launches, 9)
                   .arg(counts.abandoned, 10)
                   .arg(counts.searches, 9)
                   .arg(counts.refreshes, 10)
                   .arg(counts.expired, 8)
                   .arg(counts.errors, 7)
                   .arg(double(rssKiB()) / 1024.0, 8, 'f', 1);
        out.flush();
    };
    row(0);
    const qint64 rssAtStart = rssKiB();
    qint64 rssAfterWarmUp = -1;
    QElapsedTimer elapsed;
    elapsed.start();
    QTimer ticker;
    ticker.setInterval(10000);
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        const int second = int(elapsed.elapsed() / 1000);
        row(second);
        if (rssAfterWarmUp < 0)
            rssAfterWarmUp = rssKiB();
        if (second >= seconds) {
            stopping = true;
            ticker.stop();
        }
    });
    ticker.start();
    for (const auto &client : load)
        client->launch();
    loop.exec();
    row(int(elapsed.elapsed() / 1000));
    const qint64 rssAtEnd = rssKiB();

    TokenStore &tokens = host.server()->tokens();
    const TokenStore::Sizes atEnd = tokens.sizes();
    // Two minutes later every code (abandoned or used) and access token has expired; a day
    // later every refresh token too. The next sign-in prunes.
    const auto later = [&](qint64 seconds) {
        clock.jump(seconds);
        if (!signIn(endpoints).hasAccessToken())
            counts.error(QStringLiteral("the sign-in after the jump failed"));
        return tokens.sizes();
    };
    const TokenStore::Sizes minutesLater = later(120);
    const TokenStore::Sizes dayLater = later(25 * 3600);
    malloc_trim(0); // what was freed goes back to the system, so that RSS shows it
    const qint64 rssAfterPrune = rssKiB();

    out << "\nerrors: " << counts.errors;
    for (const QString &error : std::as_const(counts.firstErrors))
        out << "\n  " << error;
    out << "\nRSS: " << rssAtStart / 1024 << " MiB at the start, " << rssAfterWarmUp / 1024
        << " MiB after 10 s, " << rssAtEnd / 1024 << " MiB at the end (growth after the "
        << "warm-up: " << (rssAtEnd - rssAfterWarmUp) / 1024 << " MiB)\n";
    out << "token store at the end: " << sizesText(atEnd) << "\n";
    out << "token store 2 minutes later, after one more sign-in: " << sizesText(minutesLater)
        << "\n";
    out << "token store a day later, after one more sign-in: " << sizesText(dayLater) << "\n";
    out << "RSS after that prune: " << rssAfterPrune / 1024 << " MiB\n";
    out.flush();
    return counts.errors;
}

std::atomic<int> keychainWrites{0};
QtMessageHandler previousHandler = nullptr;

void countKeychainWrites(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message == QLatin1String("refresh token stored in the keychain")) {
        ++keychainWrites;
        return;
    }
    if (type != QtInfoMsg && previousHandler)
        previousHandler(type, context, message);
}

// The client's refresh cycles; returns false when something went wrong.
bool soakClient(const Endpoints &endpoints, int cycles, QTextStream &out)
{
    smart::TokenSet tokens = signIn(endpoints);
    if (!tokens.hasAccessToken() || tokens.refreshToken.isEmpty()) {
        out << "\nclient soak: the sign-in failed\n";
        return false;
    }
    smart::SmartConfiguration configuration;
    configuration.fhirBase = endpoints.fhirBase;
    configuration.authorizationEndpoint = endpoints.authorize;
    configuration.tokenEndpoint = endpoints.token;
    const smart::ClientRegistration client{
        kClientId, {}, QUrl(kRedirectUri), smart::BrowserMode::Embedded};
    QLoggingCategory::setFilterRules(
        QStringLiteral("kete.sandbox.debug=false\nkete.sandbox.info=false\nkete.auth.info=true"));
    previousHandler = qInstallMessageHandler(countKeychainWrites);

    ChunkedSecretStore keychain(QStringLiteral("org.kete.Kete.soak"));
    const QString key = QStringLiteral("soak-refresh-token");
    smart::Session session(configuration, client, tokens);
    session.rememberIn(&keychain, key);
    int rotations = 0;
    QByteArray lastRefreshToken = session.tokens().refreshToken;
    QObject::connect(&session, &smart::Session::tokensChanged, &session, [&] {
        if (session.tokens().refreshToken != lastRefreshToken) {
            lastRefreshToken = session.tokens().refreshToken;
            ++rotations;
        }
    });

    const int warmUp = std::min(100, cycles / 10);
    qint64 rssAfterWarmUp = 0;
    int failures = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    for (int cycle = 1; cycle <= cycles; ++cycle) {
        QEventLoop loop;
        session.refresh([&](const Result<QByteArray> &token) {
            if (!token)
                ++failures;
            loop.quit();
        });
        loop.exec();
        if (cycle == warmUp)
            rssAfterWarmUp = rssKiB();
    }
    const qint64 rssAtEnd = rssKiB();
    // The last write lands, and the keychain is read back, between two of the session's own
    // proactive refreshes (a read that a rotation overtook is made again).
    bool keptLatest = false;
    int writesSettled = 0;
    int rotationsSettled = 0;
    for (int attempt = 0; attempt < 5 && !keptLatest; ++attempt) {
        QElapsedTimer settle;
        settle.start();
        while (keychainWrites.load() < rotations + 1 && settle.elapsed() < 10000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        writesSettled = keychainWrites.load();
        rotationsSettled = rotations;
        const QByteArray expected = session.tokens().refreshToken;
        std::optional<QByteArray> kept;
        QEventLoop read;
        keychain.read(key, [&](Result<std::optional<QByteArray>> value) {
            if (value)
                kept = value.value();
            read.quit();
        });
        read.exec();
        keptLatest = kept == expected;
    }
    QEventLoop removed;
    keychain.remove(key, [&](const Result<void> &) { removed.quit(); });
    removed.exec();
    qInstallMessageHandler(previousHandler);

    out << "\nClient: smart::Session with the keychain, " << cycles
        << " refresh cycles of 5-second tokens in " << elapsed.elapsed() / 1000 << " s\n\n";
    out << QStringLiteral("%1 %2 %3 %4 %5\n")
               .arg(QStringLiteral("refreshes"), 10)
               .arg(QStringLiteral("failed"), 7)
               .arg(QStringLiteral("rotations"), 10)
               .arg(QStringLiteral("keychain writes"), 16)
               .arg(QStringLiteral("RSS growth KiB"), 15);
    out << QStringLiteral("%1 %2 %3 %4 %5\n")
               .arg(session.refreshRequestCount(), 10)
               .arg(failures, 7)
               .arg(rotationsSettled, 10)
               .arg(writesSettled, 16)
               .arg(rssAtEnd - rssAfterWarmUp, 15);
    out << "(refreshes: the " << cycles
        << " asked for and the session's own proactive ones; keychain writes: the first refresh "
           "token, then one per rotation; RSS growth from cycle "
        << warmUp << " to the end)\n";
    out << "the keychain holds the latest refresh token: " << (keptLatest ? "yes" : "no")
        << Qt::endl;
    return failures == 0 && writesSettled == rotationsSettled + 1 && keptLatest;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(
        QStringLiteral("kete.sandbox.debug=false\nkete.sandbox.info=false"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Soaks the Kete sandbox under concurrent launch, search and refresh, then smart::Session "
        "under many refresh cycles with the keychain. 127.0.0.1 only."));
    parser.addHelpOption();
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("How long the load runs (default 60)."),
                                     QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption clients(QStringLiteral("clients"),
                                     QStringLiteral("Concurrent clients (default 32)."),
                                     QStringLiteral("N"), QStringLiteral("32"));
    const QCommandLineOption cycles(QStringLiteral("cycles"),
                                    QStringLiteral("Client refresh cycles (default 1000; 0: "
                                                   "skip the client soak)."),
                                    QStringLiteral("N"), QStringLiteral("1000"));
    parser.addOptions({seconds, clients, cycles});
    parser.process(app);

    JumpingClock clock;
    SandboxOptions options;
    options.largePatientObservations = 2000;
    options.autoApproveUser = PatientGenerator::largePatientId();
    options.faults.enable(Fault::ShortTokenLifetime);
    options.clock = clock.clock();
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
    const QUrl origin = host.fhirBaseUrl().adjusted(QUrl::RemovePath);
    const Endpoints endpoints{host.fhirBaseUrl(),
                              QUrl(origin.toString() + QStringLiteral("/auth/authorize")),
                              QUrl(origin.toString() + QStringLiteral("/auth/token"))};

    QTextStream out(stdout);
    const qint64 errors = soakServer(host, clock, endpoints, qMax(1, parser.value(clients).toInt()),
                                     qMax(10, parser.value(seconds).toInt()), out);
    bool clientOk = true;
    if (const int n = parser.value(cycles).toInt(); n > 0)
        clientOk = soakClient(endpoints, n, out);
    return errors == 0 && clientOk ? 0 : 1;
}
