#include "dialogs/dialogs.h"

#include "common/version.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QPushButton>
#include <QUrl>
#include <optional>
#include <utility>

namespace kete::ui::dialogs {

namespace {

// Each answer is used once, by the next dialog of its kind: a test answers what it triggers.
std::optional<QMessageBox::StandardButton> g_nextAnswer;
std::optional<QString> g_nextSaveFileName;
std::optional<QString> g_nextOpenFileName;
std::optional<QString> g_nextTextInput;
QString g_lastMessageText;
std::function<void(const QString &)> g_folderOpener;
QString g_lastSavedText;

// Set by the test runner: a modal dialog that no test answered would wait forever offscreen
// until the test's time-out; it is reported in the log and answered with its default instead.
bool unansweredDialogsFail()
{
    static const bool fail = qEnvironmentVariableIsSet("KETE_TESTS_UNANSWERED_DIALOGS_FAIL");
    return fail;
}

bool refusedInTests(const QString &title)
{
    if (!unansweredDialogsFail())
        return false;
    qCritical("a dialog no test answered: %s", qPrintable(title));
    return true;
}

template<typename T> std::optional<T> take(std::optional<T> &next)
{
    return std::exchange(next, std::nullopt);
}

} // namespace

QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                     QMessageBox::StandardButtons buttons,
                                     QMessageBox::StandardButton defaultButton)
{
    if (const auto answer = take(g_nextAnswer))
        return *answer;
    if (refusedInTests(title))
        return defaultButton;
    return QMessageBox::question(parent, title, text, buttons, defaultButton);
}

void warning(QWidget *parent, const QString &title, const QString &text)
{
    g_lastMessageText = text;
    if (take(g_nextAnswer) || refusedInTests(title))
        return;
    QMessageBox::warning(parent, title, text);
}

void information(QWidget *parent, const QString &title, const QString &text)
{
    g_lastMessageText = text;
    if (take(g_nextAnswer) || refusedInTests(title))
        return;
    QMessageBox::information(parent, title, text);
}

QString openFileName(QWidget *parent, const QString &caption, const QString &filter)
{
    if (const auto path = take(g_nextOpenFileName))
        return *path;
    return QFileDialog::getOpenFileName(parent, caption, QString(), filter);
}

QString saveFileName(QWidget *parent, const QString &caption, const QString &suggestedPath,
                     const QString &filter)
{
    if (const auto path = take(g_nextSaveFileName))
        return *path;
    return QFileDialog::getSaveFileName(parent, caption, suggestedPath, filter);
}

QString textInput(QWidget *parent, const QString &title, const QString &label, const QString &text)
{
    if (const auto answer = take(g_nextTextInput))
        return *answer;
    if (refusedInTests(title))
        return {};
    bool ok = false;
    const QString entered =
        QInputDialog::getText(parent, title, label, QLineEdit::Normal, text, &ok);
    return ok ? entered : QString();
}

void saved(QWidget *parent, const QString &path)
{
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("kete::ui::dialogs", text);
    };
    const QString folder = QFileInfo(path).absolutePath();
    const QString text = tr("Saved to %1").arg(QDir::toNativeSeparators(path));
    g_lastSavedText = text;
    QMessageBox::StandardButton answer = QMessageBox::Close;
    if (const auto next = take(g_nextAnswer)) {
        answer = *next;
    } else if (!refusedInTests(tr("Saved"))) {
        QMessageBox box(QMessageBox::Information, tr("Saved"), text, QMessageBox::Close, parent);
        box.setObjectName(QStringLiteral("savedMessage"));
        QPushButton *open = box.addButton(tr("Open folder"), QMessageBox::ActionRole);
        open->setObjectName(QStringLiteral("openFolderButton"));
        box.setDefaultButton(QMessageBox::Close);
        box.exec();
        if (box.clickedButton() == open)
            answer = QMessageBox::Open;
    }
    if (answer != QMessageBox::Open)
        return;
    if (g_folderOpener)
        g_folderOpener(folder);
    else
        QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
}

void setFolderOpener(std::function<void(const QString &folder)> open)
{
    g_folderOpener = std::move(open);
}

QString lastSavedText()
{
    return g_lastSavedText;
}

void aboutKete(QWidget *parent)
{
    if (take(g_nextAnswer))
        return;
    QMessageBox::about(
        parent, QCoreApplication::translate("kete::ui::MainWindow", "About Kete"),
        QCoreApplication::translate(
            "kete::ui::MainWindow",
            "<h3>Kete %1</h3>"
            "<p>Your lab results and conditions from your health provider, through SMART on "
            "FHIR.</p>"
            "<p>Kete signs in with your provider's own sign-in page and keeps your sign-in in "
            "your system's keychain. Your health data stays on this computer.</p>"
            "<p>Built with Qt %2.</p>")
            .arg(versionString(), QString::fromLatin1(qVersion())));
}

void setNextAnswer(QMessageBox::StandardButton answer)
{
    g_nextAnswer = answer;
}

void setNextSaveFileName(const QString &path)
{
    g_nextSaveFileName = path;
}

void setNextOpenFileName(const QString &path)
{
    g_nextOpenFileName = path;
}

void setNextTextInput(const QString &text)
{
    g_nextTextInput = text;
}

QString lastMessageText()
{
    return g_lastMessageText;
}

} // namespace kete::ui::dialogs
