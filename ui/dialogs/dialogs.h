#pragma once

#include <QMessageBox>
#include <QString>
#include <functional>

class QWidget;

// The app's modal dialogs, each behind one function, so that a GUI test can answer the next one
// instead of going around it (KeePassXC's MessageBox::setNextAnswer does the same). Without an
// answer set, each shows the real dialog.
namespace kete::ui::dialogs {

// As QMessageBox::question.
QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                     QMessageBox::StandardButtons buttons,
                                     QMessageBox::StandardButton defaultButton);
// As QMessageBox::warning, with one OK button.
void warning(QWidget *parent, const QString &title, const QString &text);
// As QMessageBox::information, with one OK button.
void information(QWidget *parent, const QString &title, const QString &text);
// As QFileDialog::getOpenFileName: the chosen path, or empty when the user cancelled.
QString openFileName(QWidget *parent, const QString &caption, const QString &filter);
// As QFileDialog::getSaveFileName: the chosen path, or empty when the user cancelled.
QString saveFileName(QWidget *parent, const QString &caption, const QString &suggestedPath,
                     const QString &filter);
// As QInputDialog::getText: the text entered, or empty when the user cancelled.
QString textInput(QWidget *parent, const QString &title, const QString &label,
                  const QString &text = {});
// After a file was saved: "Saved" and where, with an "Open folder" button that shows the
// folder in the file manager, and Close. Answered in tests with QMessageBox::Open ("Open
// folder") or Close.
void saved(QWidget *parent, const QString &path);
// Kete's About box: its version, what it does with the user's data, the Qt it runs on.
void aboutKete(QWidget *parent);

// For tests only. The next question() or warning() returns `answer` without showing.
void setNextAnswer(QMessageBox::StandardButton answer);
// For tests only. The next saveFileName() returns `path` without showing; empty is "Cancel".
void setNextSaveFileName(const QString &path);
// For tests only. Folders are handed to `open` instead of the file manager; none: the file
// manager again.
void setFolderOpener(std::function<void(const QString &folder)> open);
// For tests only. The text of the last saved() message, answered or shown.
QString lastSavedText();
// For tests only. The next openFileName() returns `path` without showing; empty is "Cancel".
void setNextOpenFileName(const QString &path);
// For tests only. The next textInput() returns `text` without showing; empty is "Cancel".
void setNextTextInput(const QString &text);
// For tests only. The text of the latest warning() or information(), shown or answered.
QString lastMessageText();

} // namespace kete::ui::dialogs
