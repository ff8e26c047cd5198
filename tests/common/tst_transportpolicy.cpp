#include "common/transportpolicy.h"
#include "fhir/fhirclient.h"
#include "sandbox/auth/clientregistry.h"
#include "signin/connectdialog.h"

#include <QLineEdit>
#include <QPushButton>
#include <QTest>
#include <QUrl>

using namespace kete;

// One rule for where Kete may talk without TLS, and every caller keeps it: the policy itself,
// the FHIR client, the connect dialog and the sandbox's loopback redirects. The sign-in (smart)
// and the sign-in browser call transportSecurity()/checkTransport() directly.
class TestTransportPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addresses_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("security");
        using S = TransportSecurity;
        QTest::newRow("https") << "https://fhir.example.org/r4" << int(S::Secure);
        QTest::newRow("https on loopback") << "https://127.0.0.1/fhir" << int(S::Secure);
        QTest::newRow("http 127.0.0.1") << "http://127.0.0.1:8080/fhir" << int(S::Loopback);
        // The whole of 127.0.0.0/8 is loopback: the dialog used to refuse this one.
        QTest::newRow("http 127.0.0.2") << "http://127.0.0.2:8080/fhir" << int(S::Loopback);
        QTest::newRow("http 127.255.255.254") << "http://127.255.255.254/" << int(S::Loopback);
        QTest::newRow("http ::1") << "http://[::1]:8080/fhir" << int(S::Loopback);
        QTest::newRow("http localhost") << "http://localhost/fhir" << int(S::Loopback);
        QTest::newRow("http LOCALHOST") << "http://LOCALHOST/fhir" << int(S::Loopback);
        QTest::newRow("http remote") << "http://fhir.example.org/r4" << int(S::Insecure);
        QTest::newRow("http 128.0.0.1") << "http://128.0.0.1/fhir" << int(S::Insecure);
        QTest::newRow("http private network") << "http://192.168.1.10/fhir" << int(S::Insecure);
        QTest::newRow("http 127-looking name")
            << "http://127.0.0.1.example.org/fhir" << int(S::Insecure);
        QTest::newRow("http name like localhost")
            << "http://localhost.evil.example/fhir" << int(S::Insecure);
        // Only http may go unencrypted, and only to this computer.
        QTest::newRow("ftp on loopback") << "ftp://127.0.0.1/fhir" << int(S::Insecure);
        QTest::newRow("ws on localhost") << "ws://localhost/fhir" << int(S::Insecure);
        QTest::newRow("no host") << "https:///fhir" << int(S::NotAnAddress);
        QTest::newRow("not a URL") << "fhir" << int(S::NotAnAddress);
    }
    void addresses()
    {
        QFETCH(QString, url);
        QFETCH(int, security);
        const QUrl address(url);
        QCOMPARE(int(transportSecurity(address)), security);
        const bool allowed = security == int(TransportSecurity::Secure) ||
                             security == int(TransportSecurity::Loopback);

        // The policy's own verdict in words, and the FHIR client's.
        const std::optional<Error> refused = checkTransport(address);
        QCOMPARE(!refused.has_value(), allowed);
        if (refused) {
            QVERIFY(!refused->message.isEmpty());
            QVERIFY(refused->detail.startsWith(QLatin1String("transport.")));
        }
        QCOMPARE(fhir::FhirClient::checkServerUrl(address).ok(), allowed);

        // The connect dialog: typed as is, Connect is offered exactly when the policy allows.
        if (address.scheme().isEmpty())
            return; // the dialog reads a bare name as https
        ui::ConnectDialog dialog;
        auto *field = dialog.findChild<QLineEdit *>(QStringLiteral("fhirAddress"));
        auto *connectButton = dialog.findChild<QPushButton *>(QStringLiteral("connectButton"));
        QVERIFY(field && connectButton);
        QTest::keyClicks(field, url);
        QCOMPARE(connectButton->isEnabled(), allowed);
    }

    void loopbackHosts_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("127.0.0.1") << "127.0.0.1" << true;
        QTest::newRow("127.0.0.2") << "127.0.0.2" << true;
        QTest::newRow("::1") << "::1" << true;
        QTest::newRow("localhost") << "localhost" << true;
        QTest::newRow("LocalHost") << "LocalHost" << true;
        QTest::newRow("::2") << "::2" << false;
        QTest::newRow("0.0.0.0") << "0.0.0.0" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("localhost.example") << "localhost.example" << false;
    }
    void loopbackHosts()
    {
        QFETCH(QString, host);
        QFETCH(bool, loopback);
        QCOMPARE(isLoopbackHost(host), loopback);
    }

    // The sandbox's authorization server lets a loopback redirect URI change its port (RFC 8252
    // §7.3), on the same hosts the client calls loopback.
    void sandboxRedirectPortOnLoopbackOnly_data()
    {
        QTest::addColumn<QString>("registered");
        QTest::addColumn<QString>("asked");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("127.0.0.1") << "http://127.0.0.1/cb"
                                   << "http://127.0.0.1:53100/cb" << true;
        QTest::newRow("127.0.0.2") << "http://127.0.0.2/cb"
                                   << "http://127.0.0.2:53100/cb" << true;
        QTest::newRow("::1") << "http://[::1]/cb"
                             << "http://[::1]:53100/cb" << true;
        QTest::newRow("localhost") << "http://localhost/cb"
                                   << "http://localhost:53100/cb" << true;
        QTest::newRow("another host") << "http://10.0.0.2/cb"
                                      << "http://10.0.0.2:53100/cb" << false;
        QTest::newRow("another loopback address") << "http://127.0.0.1/cb"
                                                  << "http://127.0.0.2:53100/cb" << false;
    }
    void sandboxRedirectPortOnLoopbackOnly()
    {
        QFETCH(QString, registered);
        QFETCH(QString, asked);
        QFETCH(bool, accepted);
        sandbox::RegisteredClient client;
        client.clientId = QStringLiteral("test");
        client.redirectUris = {registered};
        QCOMPARE(client.acceptsRedirect(asked), accepted);
    }
};

QTEST_MAIN(TestTransportPolicy)
#include "tst_transportpolicy.moc"
