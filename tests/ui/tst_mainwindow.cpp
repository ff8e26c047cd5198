#include "shell/mainwindow.h"
#include "shell/welcomepage.h"
#include "support/screenshot.h"
#include "widgets/messagebar.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kete::ui;

class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QSettings m_settings{m_dir.filePath(QStringLiteral("kete.ini")), QSettings::IniFormat};

    MainWindowOptions options()
    {
        MainWindowOptions options;
        options.settings = &m_settings;
        options.keychainService = QStringLiteral("org.kete.Kete.tests.mainwindow");
        return options;
    }

private Q_SLOTS:
    void emptyStateOffersConnectAndDemo()
    {
        MainWindow window(options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *title = window.findChild<QLabel *>(QStringLiteral("welcomeTitle"));
        QVERIFY(title);
        QVERIFY(title->isVisible());

        auto *connectButton = window.findChild<QPushButton *>(QStringLiteral("connectButton"));
        auto *demoButton = window.findChild<QPushButton *>(QStringLiteral("demoButton"));
        QVERIFY(connectButton && connectButton->isVisible() && connectButton->isEnabled());
        QVERIFY(demoButton && demoButton->isVisible() && demoButton->isEnabled());
        QVERIFY(!connectButton->accessibleDescription().isEmpty());

        QSignalSpy demoSpy(window.welcomePage(), &WelcomePage::demoRequested);
        QSignalSpy connectSpy(window.welcomePage(), &WelcomePage::connectRequested);
        QTest::mouseClick(demoButton, Qt::LeftButton);
        QCOMPARE(demoSpy.count(), 1);
        QCOMPARE(connectSpy.count(), 0);

        kete::test::saveScreenshot(window, QStringLiteral("welcome.png"));
    }

    // Without a record the View menu's sections have nothing to show: disabled, not silent.
    void viewSectionsDisabledWithoutRecord()
    {
        MainWindow window(options());
        window.show();
        for (const QString &name :
             {QStringLiteral("viewSummaryAction"), QStringLiteral("viewLabsAction"),
              QStringLiteral("viewConditionsAction")}) {
            auto *action = window.findChild<QAction *>(name);
            QVERIFY2(action, qPrintable(name));
            QVERIFY2(!action->isEnabled(), qPrintable(name));
        }
    }

    // An error with both the connection details and a technical detail: one Details button.
    void messageBarHasOneDetailsButton()
    {
        MessageBar bar;
        bar.show();
        bar.showError(kete::Error{QStringLiteral("The provider refused the sign-in."),
                                  QStringLiteral("oauth.invalid_scope: no")},
                      MessageBar::Retry | MessageBar::ConnectionDetails);
        int details = 0;
        for (const QPushButton *button : bar.findChildren<QPushButton *>())
            if (button->isVisible() && button->text().contains(QStringLiteral("Details")))
                ++details;
        QCOMPARE(details, 1);
        QSignalSpy connection(&bar, &MessageBar::connectionDetailsRequested);
        auto *button = bar.findChild<QPushButton *>(QStringLiteral("connectionDetailsButton"));
        QVERIFY(button && button->isVisible());
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(connection.count(), 1);

        // Without connection details, the technical detail has the one button.
        bar.showError(kete::Error{QStringLiteral("The lab table was not saved."),
                                  QStringLiteral("disk full")});
        QVERIFY(bar.findChild<QPushButton *>(QStringLiteral("detailsButton"))->isVisible());
        QVERIFY(!button->isVisible());
    }

    void windowTitleCarriesNoPatientData()
    {
        MainWindow window(options());
        QCOMPARE(window.windowTitle(), QStringLiteral("Kete"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
