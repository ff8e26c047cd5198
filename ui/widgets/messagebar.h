#pragma once

#include "common/result.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace kete::ui {

// One sentence in plain words above the page, and what the user can do about it: Retry, Sign
// in again, and one Details button: the connection details (the handshake step by step) when
// offered, else the technical part for a support ticket. What the page shows stays.
class MessageBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBar)

public:
    enum class Kind
    {
        Information,
        Problem
    };
    enum Action
    {
        NoAction = 0,
        Retry = 1,
        SignInAgain = 2,
        ConnectionDetails = 4,
        LessAccess = 8, // "Sign in with less access", after the provider refused the scopes
    };
    Q_DECLARE_FLAGS(Actions, Action)

    explicit MessageBar(QWidget *parent = nullptr);

    void showError(const Error &error, Actions actions = NoAction);
    void showMessage(const QString &text, Kind kind = Kind::Information,
                     Actions actions = NoAction);
    void dismiss();
    QString text() const;

Q_SIGNALS:
    void retryRequested();
    void signInAgainRequested();
    void connectionDetailsRequested();
    void lessAccessRequested();

private:
    void showDetails();

    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_retry;
    QPushButton *m_signInAgain;
    QPushButton *m_connectionDetails;
    QPushButton *m_lessAccess;
    QPushButton *m_details;
    QString m_detail;
};

} // namespace kete::ui

Q_DECLARE_OPERATORS_FOR_FLAGS(kete::ui::MessageBar::Actions)
