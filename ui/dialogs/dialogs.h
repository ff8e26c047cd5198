#pragma once

#include <QMessageBox>
#include <QString>

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
// Kete's About box: its version, what it does with the user's data, the Qt it runs on.
void aboutKete(QWidget *parent);

// For tests only. The next question() or warning() returns `answer` without showing.
void setNextAnswer(QMessageBox::StandardButton answer);
// For tests only. The next saveFileName() returns `path` without showing; empty is "Cancel".
void setNextSaveFileName(const QString &path);
// For tests only. The next openFileName() returns `path` without showing; empty is "Cancel".
void setNextOpenFileName(const QString &path);
// For tests only. The next textInput() returns `text` without showing; empty is "Cancel".
void setNextTextInput(const QString &text);
// For tests only. The text of the latest warning() or information(), shown or answered.
QString lastMessageText();

} // namespace kete::ui::dialogs
