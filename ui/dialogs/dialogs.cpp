#include "dialogs/dialogs.h"

#include <QFileDialog>
#include <optional>
#include <utility>

namespace kete::ui::dialogs {

namespace {

// Each answer is used once, by the next dialog of its kind: a test answers what it triggers.
std::optional<QMessageBox::StandardButton> g_nextAnswer;
std::optional<QString> g_nextSaveFileName;
std::optional<QString> g_nextOpenFileName;

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
    return QMessageBox::question(parent, title, text, buttons, defaultButton);
}

void warning(QWidget *parent, const QString &title, const QString &text)
{
    if (take(g_nextAnswer))
        return;
    QMessageBox::warning(parent, title, text);
}

void information(QWidget *parent, const QString &title, const QString &text)
{
    if (take(g_nextAnswer))
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

} // namespace kete::ui::dialogs
