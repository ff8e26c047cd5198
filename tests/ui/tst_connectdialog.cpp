#include "signin/connectdialog.h"
#include "support/screenshot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace kete::ui;

class TestConnectDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addressRules_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("base");
        QTest::newRow("https") << "https://ehr.example/fhir/R4/" << true
                               << "https://ehr.example/fhir/R4";
        QTest::newRow("no scheme means https")
            << "ehr.example/fhir" << true << "https://ehr.example/fhir";
        QTest::newRow("plain http refused") << "http://ehr.example/fhir" << false << "";
        QTest::newRow("loopback http allowed")
            << "http://127.0.0.1:8080/fhir" << true << "http://127.0.0.1:8080/fhir";
        QTest::newRow("empty") << "" << false << "";
    }
    void addressRules()
    {
        QFETCH(QString, typed);
        QFETCH(bool, accepted);
        QFETCH(QString, base);

        ConnectDialog dialog;
        auto *address = dialog.findChild<QLineEdit *>(QStringLiteral("fhirAddress"));
        QVERIFY(address);
        QTest::keyClicks(address, typed);
        auto *connectButton = dialog.findChild<QPushButton *>(QStringLiteral("connectButton"));
        QVERIFY(connectButton);
        QCOMPARE(connectButton->isEnabled(), accepted);
        if (accepted)
            QCOMPARE(dialog.fhirBaseUrl().toString(), base);
        if (!accepted && !typed.isEmpty()) {
            auto *hint = dialog.findChild<QLabel *>(QStringLiteral("connectHint"));
            QVERIFY(hint && hint->text().contains(QStringLiteral("https://")));
        }
    }

    // The cursor starts in "Find your provider" (issue 14); the address comes next.
    void focusStartsInFindYourProvider()
    {
        ConnectDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *search = dialog.findChild<QLineEdit *>(QStringLiteral("providerSearch"));
        QVERIFY(search);
        QTRY_COMPARE(dialog.focusWidget(), search);
        QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("fhirAddress")));
    }

    void defaultsAreKetesRegistration()
    {
        ConnectDialog dialog;
        QCOMPARE(dialog.clientId(), QStringLiteral("kete-desktop"));
        QCOMPARE(dialog.redirectUri(), QUrl(QStringLiteral("http://127.0.0.1/kete/callback")));
        QVERIFY(!dialog.useSystemBrowser());
        QVERIFY(!dialog.signsInAsClinician());
    }

    void clinicianChoice()
    {
        ConnectDialog dialog;
        auto *audience = dialog.findChild<QComboBox *>(QStringLiteral("audience"));
        QVERIFY(audience);
        QVERIFY(!audience->accessibleName().isEmpty());
        audience->setCurrentIndex(1);
        QVERIFY(dialog.signsInAsClinician());
        dialog.setFhirBaseUrl(QUrl(QStringLiteral("https://fhir.example-health.org/r4")));
        kete::test::saveScreenshot(dialog, QStringLiteral("connect-dialog.png"));

        // What the provider registered stays out of the way until asked for.
        auto *clientId = dialog.findChild<QLineEdit *>(QStringLiteral("clientId"));
        QVERIFY(clientId && !clientId->isVisible());
        dialog.findChild<QCheckBox *>(QStringLiteral("showAdvanced"))->setChecked(true);
        QVERIFY(clientId->isVisible());
        kete::test::saveScreenshot(dialog, QStringLiteral("connect-dialog-advanced.png"));
    }

    // Issue 11 item 11: the provider's own patient picker is a clinician's choice, off at first.
    void ehrPickerIsAClinicianChoice()
    {
        ConnectDialog dialog;
        dialog.show();
        auto *audience = dialog.findChild<QComboBox *>(QStringLiteral("audience"));
        auto *ehrPicks = dialog.findChild<QCheckBox *>(QStringLiteral("ehrPicksPatient"));
        QVERIFY(audience && ehrPicks);
        QVERIFY(!ehrPicks->isVisible());
        audience->setCurrentIndex(1);
        QVERIFY(ehrPicks->isVisible());
        QVERIFY(!ehrPicks->isChecked());
        QVERIFY(!dialog.ehrPicksPatient());
        ehrPicks->setChecked(true);
        QVERIFY(dialog.ehrPicksPatient());
        audience->setCurrentIndex(0);
        QVERIFY(!ehrPicks->isVisible());
        QVERIFY(!dialog.ehrPicksPatient());
    }
};

QTEST_MAIN(TestConnectDialog)
#include "tst_connectdialog.moc"
