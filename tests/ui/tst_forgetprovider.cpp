#include "dialogs/dialogs.h"
#include "shell/mainwindow.h"
#include "shell/welcomepage.h"
#include "storage/chunkedsecretstore.h"
#include "storage/providerstore.h"

#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::ui;

namespace {

const QString kKeychainService = QStringLiteral("org.kete.Kete.tests.forgetprovider");

} // namespace

// "Forget this provider" asks first; the question is answered through the dialogs seam.
class TestForgetProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(
            m_dir.filePath(QStringLiteral("kete-%1.ini").arg(++m_settingsCount)),
            QSettings::IniFormat);
        ChunkedSecretStore secrets(kKeychainService);
        ProviderStore store(m_settings.get(), &secrets);
        ProviderSettings saved;
        saved.displayName = QStringLiteral("Harbour Health");
        saved.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:9/fhir"));
        saved.clientId = QStringLiteral("kete-desktop");
        saved.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/kete/callback"));
        m_providerId = store.save(saved).id;
    }

    void cleanup() { m_settings.reset(); }

    void cancelKeepsTheProvider()
    {
        MainWindow window(options());
        window.show();
        QPushButton *forget = forgetButton(window);
        QVERIFY(forget);
        dialogs::setNextAnswer(QMessageBox::Cancel);
        QTest::mouseClick(forget, Qt::LeftButton);
        QTest::qWait(50);
        QCOMPARE(window.providers()->providers().size(), 1);
        QVERIFY(forgetButton(window));
    }

    void yesForgetsTheProvider()
    {
        MainWindow window(options());
        window.show();
        QPushButton *forget = forgetButton(window);
        QVERIFY(forget);
        dialogs::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(forget, Qt::LeftButton);
        QTRY_VERIFY(window.providers()->providers().isEmpty());
        QVERIFY(!window.providers()->provider(m_providerId));
        QTRY_VERIFY(!forgetButton(window));
    }

private:
    MainWindowOptions options()
    {
        MainWindowOptions options;
        options.settings = m_settings.get();
        options.keychainService = kKeychainService;
        return options;
    }

    static QPushButton *forgetButton(const MainWindow &window)
    {
        for (QPushButton *button : window.welcomePage()->findChildren<QPushButton *>())
            if (button->accessibleName() == QLatin1String("Forget Harbour Health"))
                return button;
        return nullptr;
    }

    QTemporaryDir m_dir;
    int m_settingsCount = 0;
    std::unique_ptr<QSettings> m_settings;
    QString m_providerId;
};

QTEST_MAIN(TestForgetProvider)
#include "tst_forgetprovider.moc"
