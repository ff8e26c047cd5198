#pragma once

#include <QColor>
#include <QDateTime>
#include <QWidget>

class QLabel;

namespace kete::ui {

// Whose record this is, always visible above it: the name large, then sex, age, birth date,
// identifiers; on the right when the data shown was brought up to date, with its date.
class PatientBanner final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PatientBanner)

public:
    explicit PatientBanner(QWidget *parent = nullptr);

    void setPatient(const QString &name, const QString &details);
    // "data as of 07/12/2026, 15:42"; `keptCopy`: read from the copy kept on this computer.
    // An invalid time: nothing is said.
    void setDataAsOf(const QDateTime &when, bool keptCopy);
    QString dataAsOfText() const;
    QString patientName() const;
    // A stripe of this colour on the left: the accent of the patient's tab on a clinician's desk.
    // Invalid: no stripe.
    void setAccent(const QColor &accent);
    QColor accent() const { return m_accentColor; }
    // Name and details closer together, less air around them.
    void setCompact(bool compact);

    static QString dataAsOfText(const QDateTime &when, bool keptCopy, const QLocale &locale);

private:
    QLabel *m_name;
    QLabel *m_details;
    QLabel *m_asOf;
    QWidget *m_accent;
    QColor m_accentColor;
};

} // namespace kete::ui
