#pragma once

#include <QFrame>
#include <QHash>
#include <QList>

class QComboBox;
class QLabel;
class QPushButton;
class QVBoxLayout;

namespace kete::ui {

// The patient's providers above their record, one line each: the provider, where its part of
// the record stands ("Up to date · 21:14", "Sign in again to update"), and Refresh, Sign in
// again and Remove. Above them: what the record shows (every provider together, or one), and a
// warning when the providers' records may not belong to the same person.
class ProviderStrip final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderStrip)

public:
    struct Line
    {
        QString id;
        QString name;
        QString patient; // whose record it is there: "Amy Shaw · born 12 Apr 1978"
        QString status;
        bool needsSignIn = false; // the provider refused the sign-in: only a new one helps
        bool loading = false;
    };

    explicit ProviderStrip(QWidget *parent = nullptr);

    // Adds the line, or updates the one with the same id.
    void setLine(const Line &line);
    void removeLine(const QString &id);
    QString statusOf(const QString &id) const;
    QStringList ids() const;

    // What the record shows: every provider together (an empty id), or one provider.
    QString shown() const;
    void setShown(const QString &id);
    // Whether "All providers together" may be chosen (not once the user kept them apart).
    void setTogetherAllowed(bool allowed);
    // Empty: no warning.
    void setIdentityWarning(const QString &text);
    QString identityWarning() const;

Q_SIGNALS:
    void refreshRequested(const QString &id);
    void signInAgainRequested(const QString &id);
    void removeRequested(const QString &id);
    void shownChanged(const QString &id);
    void keepApartRequested();

private:
    struct LineWidgets
    {
        QWidget *row = nullptr;
        QLabel *name = nullptr;
        QLabel *patient = nullptr;
        QLabel *status = nullptr;
        QPushButton *refresh = nullptr;
        QPushButton *signInAgain = nullptr;
        QPushButton *remove = nullptr;
    };
    LineWidgets makeLine(const QString &id);
    void fillChoices();

    QComboBox *m_showing;
    QFrame *m_warning;
    QLabel *m_warningText;
    QVBoxLayout *m_lines;
    QList<QString> m_order;
    QHash<QString, LineWidgets> m_widgets;
    bool m_togetherAllowed = true;
};

} // namespace kete::ui
