// The fault matrix, bad-server half: a SMART server on 127.0.0.1 that signs Kete in and then
// lies in its lab search (sends Kete to another origin, links to another host or down to http,
// links in a loop, trickles one byte a second, streams a 400 MB page, sends invalid UTF-8, deep
// nesting or 1e999). Another origin (127.0.0.2) records every Authorization header it gets. The
// real window signs in, loads, and what the user read, what stayed on screen, whether the
// sign-in survived and where the bearer token went are compared with the README's table.
#include "lyingsmartserver.h"
#include "matrixrow.h"
#include "storage/providerstore.h"

#include <QSettings>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace kete;
using namespace kete::ui;
using test::HttpAnswer;
using test::HttpRequest;
using test::LyingSmartServer;
using test::MatrixRow;

namespace {

constexpr int kTimeout = 120000;
const QString kKeychainService = QStringLiteral("org.kete.Kete.tests.faultmatrix");
const QString kCertificate = QStringLiteral(KETE_FAULTMATRIX_DIR "/loopback-cert.pem");
const QString kKey = QStringLiteral(KETE_FAULTMATRIX_DIR "/loopback-key.pem");

// What a server of ours says about the bearer token it must never have been given.
QString tokenIn(const test::RawHttpServer &server, const QByteArray &token)
{
    for (const QByteArray &authorization : server.authorizations()) {
        if (authorization.contains(token))
            return QStringLiteral("the token");
    }
    return server.authorizations().isEmpty() ? QString() : QStringLiteral("an Authorization");
}

// A lab page of five results whose third has `from` replaced by `to`.
QByteArray pageWithOneBadEntry(const QByteArray &from, const QByteArray &to)
{
    QByteArray body = LyingSmartServer::json(LyingSmartServer::labPage(0, 5));
    const qsizetype third = body.indexOf("\"id\":\"o2\"");
    const qsizetype at = body.indexOf(from, third);
    return body.replace(at, from.size(), to);
}

} // namespace

class TestFaultMatrixBadServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_runs = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The TLS case's server certificate is trusted in this process, as a provider's
        // certificate would be.
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        const QList<QSslCertificate> loopback = QSslCertificate::fromPath(kCertificate);
        QCOMPARE(loopback.size(), 1);
        tls.addCaCertificates(loopback);
        QSslConfiguration::setDefaultConfiguration(tls);
    }

    void matrix_data()
    {
        QTest::addColumn<QString>("badCase");
        for (const char *name :
             {"redirect to another origin", "next link to another host",
              "next link from https to http", "next-link loop", "1 byte per second", "400 MB page",
              "invalid UTF-8", "deep nesting", "1e999"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void matrix()
    {
        QFETCH(QString, badCase);
        // The other origin: answers everything with an empty searchset.
        test::RawHttpServer otherOrigin([](const HttpRequest &) {
            return LyingSmartServer::ok(LyingSmartServer::json(LyingSmartServer::labPage(0, 0)));
        });
        QVERIFY(otherOrigin.listen(QHostAddress(QStringLiteral("127.0.0.2"))));
        const bool tls = badCase.contains(QLatin1String("https"));
        std::unique_ptr<LyingSmartServer> server;
        server = std::make_unique<LyingSmartServer>([&](const HttpRequest &request) {
            return labsAnswer(badCase, request, *server, otherOrigin);
        });
        QVERIFY(tls ? server->listen(kCertificate, kKey) : server->listen());

        QSettings settings(m_dir.filePath(QStringLiteral("kete-%1.ini").arg(++m_runs)),
                           QSettings::IniFormat);
        MainWindowOptions windowOptions;
        windowOptions.settings = &settings;
        windowOptions.keychainService = kKeychainService;
        MainWindow window(windowOptions);
        window.show();
        window.connectTo(server->fhirBase());

        const bool trickle = badCase == QLatin1String("1 byte per second");
        if (trickle) {
            // The lab search never ends on its own within a test: look after five seconds.
            QVERIFY(QTest::qWaitFor(
                [&] { return window.patientRecord() && window.patientRecord()->hasPatient(); },
                kTimeout));
            QTest::qWait(5000);
        } else {
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return (window.patientRecord() && window.patientRecord()->outcome()) ||
                           (window.welcomePage()->isVisible() && !window.signIn()->isRunning());
                },
                kTimeout));
            QTest::qWait(200); // the message that follows the outcome
        }
        MatrixRow row;
        row.fault = badCase;
        row.seen = test::seenIn(window);
        row.onScreen = test::onScreenIn(window);
        row.session = test::sessionIn(window);

        if (trickle) {
            // The user signs out: the trickling answer is dropped at once.
            QVERIFY(window.session());
            window.signOut();
            QVERIFY(QTest::qWaitFor([&] { return server->fhirServer().abandoned() > 0; }, 10000));
        }
        if (badCase == QLatin1String("400 MB page")) {
            // Kete hung up once over its page limit, long before the end.
            QVERIFY(QTest::qWaitFor([&] { return server->fhirServer().abandoned() > 0; }, 10000));
            QVERIFY(server->fhirServer().bytesSent() < 100 * 1024 * 1024);
        }
        row.tokenHome = tokenHome(*server, otherOrigin);

        QVERIFY(test::forgetSavedProviders(window));
        qInfo().noquote() << "observed:" << row.markdown();
        const std::optional<MatrixRow> documented = test::readmeRow(row.fault);
        QVERIFY2(documented, qPrintable(QStringLiteral("README has no row: ") + row.markdown()));
        QCOMPARE(row.markdown(), documented->markdown());
    }

private:
    static HttpAnswer labsAnswer(const QString &badCase, const HttpRequest &request,
                                 const LyingSmartServer &server,
                                 const test::RawHttpServer &otherOrigin)
    {
        const QString page = QUrlQuery(request.target).queryItemValue(QStringLiteral("page"));
        const auto firstPageLinkingTo = [](const QUrl &next) {
            return LyingSmartServer::ok(
                LyingSmartServer::json(LyingSmartServer::labPage(0, 2, next)));
        };
        if (badCase == QLatin1String("redirect to another origin")) {
            HttpAnswer moved;
            moved.status = 302;
            moved.headers = {{QByteArrayLiteral("Location"),
                              otherOrigin.url(request.target.toString()).toEncoded()}};
            return moved;
        }
        if (badCase == QLatin1String("next link to another host"))
            return firstPageLinkingTo(otherOrigin.url(QStringLiteral("/fhir/labs?page=2")));
        if (badCase == QLatin1String("next link from https to http")) {
            // The same host, down to plain http (the sign-in server's port).
            return firstPageLinkingTo(server.authServer().url(QStringLiteral("/fhir/labs?page=2")));
        }
        if (badCase == QLatin1String("next-link loop")) {
            // 1 -> 2 -> 3 -> 2 -> ...
            const int n = page.isEmpty() ? 1 : page.toInt();
            const QUrl next = server.fhirServer().url(
                QStringLiteral("/fhir/labs?page=%1").arg(n == 3 ? 2 : n + 1));
            return LyingSmartServer::ok(
                LyingSmartServer::json(LyingSmartServer::labPage(n * 2, 2, next)));
        }
        if (badCase == QLatin1String("1 byte per second")) {
            HttpAnswer slow =
                LyingSmartServer::ok(LyingSmartServer::json(LyingSmartServer::labPage(0, 3)));
            slow.pace = HttpAnswer::Pace::OneBytePerSecond;
            return slow;
        }
        if (badCase == QLatin1String("400 MB page")) {
            HttpAnswer huge = LyingSmartServer::ok({}, QByteArrayLiteral("application/fhir+json"));
            huge.pace = HttpAnswer::Pace::Generated;
            const QByteArray head = R"({"resourceType":"Bundle","type":"searchset","entry":[)";
            const QByteArray entry =
                LyingSmartServer::json(
                    QJsonObject{{QStringLiteral("resource"), LyingSmartServer::observation(0)}}) +
                ',';
            const QByteArray last =
                LyingSmartServer::json(
                    QJsonObject{{QStringLiteral("resource"), LyingSmartServer::observation(1)}}) +
                "]}";
            constexpr qint64 total = 400LL * 1024 * 1024;
            huge.generate = [=](qint64 offset) -> QByteArray {
                if (offset == 0)
                    return head;
                if (offset >= total)
                    return {};
                if (offset + 64 * entry.size() >= total)
                    return last + QByteArray(total - offset, ' ');
                return entry.repeated(64);
            };
            return huge;
        }
        if (badCase == QLatin1String("invalid UTF-8"))
            return LyingSmartServer::ok(pageWithOneBadEntry("\"o2\"", "\"o\xff"
                                                                      "2\""));
        if (badCase == QLatin1String("deep nesting")) {
            constexpr int depth = 100000;
            return LyingSmartServer::ok(pageWithOneBadEntry(
                "\"status\":\"final\"", "\"status\":\"final\",\"extension\":" +
                                            QByteArray(depth, '[') + QByteArray(depth, ']')));
        }
        return LyingSmartServer::ok(pageWithOneBadEntry("5.5", "1e999"));
    }

    // "yes" when the bearer token went only to the FHIR server that issued it: neither the other
    // origin nor the sign-in server (another port, plain http) ever saw it.
    static QString tokenHome(const LyingSmartServer &server, const test::RawHttpServer &otherOrigin)
    {
        const QByteArray token = server.accessToken();
        if (const QString seen = tokenIn(otherOrigin, token); !seen.isEmpty())
            return QStringLiteral("no: the other origin got ") + seen;
        if (const QString seen = tokenIn(server.authServer(), token); !seen.isEmpty())
            return QStringLiteral("no: the plain-http origin got ") + seen;
        if (!server.fhirServer().authorizations().contains("Bearer " + token))
            return QStringLiteral("(no FHIR request carried it)");
        return otherOrigin.requests() == 0
                   ? QStringLiteral("yes")
                   : QStringLiteral("yes (the other origin got %1 request(s) without it)")
                         .arg(otherOrigin.requests());
    }
};

QTEST_MAIN(TestFaultMatrixBadServer)
#include "tst_faultmatrix_badserver.moc"
