"""The goal-language coach: type a plan goal, see whose goal its wording makes it, and get a
question to ask the person.

The coach reads **words**, not intentions. It looks for three kinds of wording:

- **compliance wording** ("will comply", "attend all sessions", "as directed", "submit to
  testing"), and goals written *about* the person ("Client will ..."): these point to the agency;
- **the person's voice and wants** ("I want", "so that I can", a hope, a relationship, something
  they love doing): these point to the person;
- **signs of partnership** ("we", "together", "with the team's help", a first step the person
  chose): these point to a shared goal.

Every rule is listed openly (:func:`rules`, and the widget's *Show the rules* button), with the
words it looks for, why, and an example, so a learner can argue with it. The rules are rough on
purpose: a rule a colleague can read and dispute teaches more than a clever one nobody can check.
They will miss some things and flag some things that are fine.

The suggested questions are open questions in the spirit of Motivational Interviewing (evoke the
person's own reasons) and shared decision-making (talk about options, then decide together).

The logic (:func:`assess_goal`) is separate from the widget (:class:`GoalCoach`), so it can be
tested, and used in an exercise, without a browser.

Example:
    >>> a = assess_goal("Client will attend all scheduled parenting sessions.")
    >>> a.owner, a.flag_ids, a.names_a_want
    ('staff', ('third-person', 'attend-all'), False)
    >>> assess_goal("I want to be there for my daughter's graduation.").owner
    'person'
    >>> coach = GoalCoach()
    >>> coach.goal.value = "Client will comply with housing program requirements."
    >>> coach.check()
    >>> "agency" in coach.feedback.value
    True
"""

from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass
from typing import NamedTuple

import ipywidgets as widgets

from coownership.journal import Journal, JournalError, save_reflection
from coownership.widgets.controls import labelled_button

__all__ = ["MAX_CHARS", "OWNERS", "Rule", "Flag", "GoalAssessment", "assess_goal", "rules", "GoalCoach"]

MAX_CHARS = 1_000
"""The longest goal the coach reads. A goal is usually one or two sentences."""

OWNERS = ("staff", "shared", "person", "unclear")
"""Whose goal the wording makes it: the agency or staff, shared, the person, or hard to tell."""

# Words the rules share. Service events a person is told to attend:
_SERVICE = (
    r"(?:sessions?|appointments?|meetings?|groups?|class(?:es)?|visits?|visitation|hearings?|"
    r"court(?: dates?)?|services?|treatment|therapy|counsel(?:l)?ing|programming|programs?|"
    r"check-ins?|drug screens?|screenings?|UAs?|supervision|IOP|home visits?)"
)
_POSSESSIVE = r"(?:my|our|her|his|their)"
_FIRST = r"(?:my|our)"  # "her children" in "Client will supervise her children" is not a want


@dataclass(frozen=True)
class Rule:
    """One rule the coach uses, in the open.

    Attributes:
        id: a short name, shown with each flag (``"attend-all"``).
        kind: ``"compliance"`` (wording that asks the person to follow), ``"voice"`` (who is
            speaking), ``"want"`` (names something the person wants) or ``"partnership"``.
        points_to: whose goal a match suggests: ``"staff"``, ``"shared"`` or ``"person"``.
        pattern: the regular expression, matched case-insensitively against the goal after
            punctuation is tidied (see :func:`assess_goal`).
        description: what it looks for, in plain words.
        why: why the coach pays attention to it.
        example: a goal the rule matches.
        question: for a rule that flags wording, a question to ask the person instead.

    Example:
        >>> rule = next(r for r in rules() if r.id == "submit-to")
        >>> rule.signals
        'compliance wording (points to the agency or staff)'
        >>> rule.matches("Client will maintain sobriety and submit to testing.")
        ('submit to',)
    """

    id: str
    kind: str
    points_to: str
    pattern: str
    description: str
    why: str
    example: str
    question: str = ""

    @property
    def signals(self) -> str:
        """What a match signals, in words."""
        kind = {
            "compliance": "compliance wording",
            "voice": "whose voice it is",
            "want": "names something the person wants",
            "partnership": "a sign of partnership",
        }[self.kind]
        return f"{kind} (points to {_OWNER_WORDS[self.points_to]})"

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern (case-insensitive)."""
        return _compiled(self.pattern)

    def matches(self, text: str) -> tuple[str, ...]:
        """The distinct words this rule matches in ``text``, in order (empty if none)."""
        found: list[str] = []
        for m in self.regex.finditer(_tidy(text)):
            words = m.group(0).strip()
            if words and words.lower() not in (f.lower() for f in found):
                found.append(words)
        return tuple(found)


class Flag(NamedTuple):
    """A rule that matched, and the words it matched (several are joined with ", ").

    Example:
        >>> Flag("must", "must") == ("must", "must")
        True
    """

    rule: str
    words: str


_OWNER_WORDS = {
    "staff": "the agency or staff",
    "shared": "a shared goal",
    "person": "the person",
    "unclear": "hard to tell",
}
_OWNER_ICONS = {"staff": "🏢", "shared": "🤝", "person": "🙋", "unclear": "❔"}


@dataclass(frozen=True)
class GoalAssessment:
    """What the coach makes of one goal.

    Attributes:
        text: the goal as given.
        owner: ``"staff"``, ``"shared"``, ``"person"`` or ``"unclear"`` (see :data:`OWNERS`).
        flags: wording to look at again: every match of a rule that points to the agency or
            staff (compliance wording, and goals written about the person, "Client will"), as
            :class:`Flag` ``(rule id, matched words)``.
        names_a_want: whether the goal names something the person wants.
        suggestion: an open question to ask the person.
        summary: the coach's reading in plain words.
        wants: the matches that name something the person wants.
        signs: the other matches that point to the person or to partnership ("I", "we").

    Example:
        >>> a = assess_goal("Client will maintain sobriety and submit to testing.")
        >>> a.flags
        (Flag(rule='third-person', words='Client will'), Flag(rule='submit-to', words='submit to'), Flag(rule='maintain-sobriety', words='maintain sobriety'))
        >>> a.suggestion.endswith("?")
        True
    """

    text: str
    owner: str
    flags: tuple[Flag, ...]
    names_a_want: bool
    suggestion: str
    summary: str
    wants: tuple[Flag, ...] = ()
    signs: tuple[Flag, ...] = ()

    @property
    def flag_ids(self) -> tuple[str, ...]:
        """The ids of the flagged rules, in rule order."""
        return tuple(f.rule for f in self.flags)

    @property
    def matched_ids(self) -> tuple[str, ...]:
        """The ids of every rule that matched (flags, wants and other signs), in rule order."""
        found = {f.rule for f in (*self.flags, *self.wants, *self.signs)}
        return tuple(r.id for r in _RULES if r.id in found)

    @property
    def owner_words(self) -> str:
        """Whose goal it reads as, in words ("the agency or staff", "a shared goal", ...)."""
        return _OWNER_WORDS[self.owner]


# --------------------------------------------------------------------------------------------
# The rules. Order matters only for display and for which flag's question is suggested first.
# --------------------------------------------------------------------------------------------
_RULES: tuple[Rule, ...] = (
    # -- voice ---------------------------------------------------------------------------------
    Rule(
        "third-person",
        "voice",
        "staff",
        r"\b(?:the |this )?(?:clients?|participants?|consumers?|recipients?|probationers?|parolees?|offenders?|"
        r"customers?|service users?)\b(?: will| shall| must| to| agrees to| needs to)?"
        r"|(?:^|(?<=\| )|(?<=\bthe )|(?<=\bthis ))(?:patients?|parents?|mother|father|mom|dad|caregivers?|"
        r"guardians?|youth|family|resident|member|he|she) (?:will|shall|must|to|agrees to|needs to|is expected to)\b"
        r"|\b(?:Mr|Mrs|Ms|Miss|Mx) [\w'-]+ (?:will|shall|must|to|agrees to|needs to)\b",
        "The goal is written about the person, not by them: “Client will …”, “Participant will …”, "
        "“Mother will …”, “Ms. Lopez will …”, or a sentence that starts “She will …”. It does not "
        "catch first names (“Maria will …”).",
        "A goal usually speaks in the voice of whoever wrote it. “Client will …” was most likely "
        "written for the file, by someone other than the client.",
        "Client will complete the job-readiness class.",
        "What would be different for you if this went well?",
    ),
    Rule(
        "first-person",
        "voice",
        "person",
        r"\b(?:i|me|my|mine|myself)\b",
        "The person speaks for themselves: “I”, “me”, “my”.",
        "Goals in the person's own voice are more often their own. But staff sometimes write “I will "
        "attend all groups” for someone, so the coach also looks at what the words ask for.",
        "I will go to my sister's on Sundays.",
    ),
    Rule(
        "we-together",
        "partnership",
        "shared",
        r"\b(?:we|we're|we'll|we've|us|our|ours|ourselves|together|jointly)\b"
        rf"|\bwith (?:the |{_POSSESSIVE} )?(?:team's|team|worker's|worker|family's|(?:[\w'-]+ )?support|help)\b"
        r"|\b(?:help|support) from\b|\bagree(?:s|d)? (?:on|together)\b|\bdecide(?:s|d)? together\b",
        "Working together: “we”, “our”, “together”, “with the team's help”, “support from”, "
        "“agree on”, “decide together”.",
        "Shared words suggest the goal was talked through rather than handed over. “Agree on” is "
        "counted, “agree to” is not: “Client agreed to attend all sessions” is a signature, not a "
        "conversation.",
        "Find a stable place to live within three months, with the team's help.",
    ),
    Rule(
        "small-step",
        "partnership",
        "shared",
        r"\b(?:starting with|start(?:ing)? by|first step|next step|one step|small steps?|step by step|"
        r"one day at a time|a little at a time|cut (?:back|down)|"
        rf"at {_POSSESSIVE} own pace|when (?:i'm|i am|we're|we are|she's|she is|he's|he is|they're|they are) ready)\b",
        "A step the person chose, at their pace: “cut back”, “starting with weekends”, “a first "
        "step”, “when I'm ready”.",
        "A goal that names its own first step usually came out of a conversation about what is "
        "doable. All-or-nothing goals (“maintain sobriety”) are more often the agency's.",
        "Cut back on drinking, starting with weekends.",
    ),
    # -- compliance wording ---------------------------------------------------------------------
    Rule(
        "comply",
        "compliance",
        "staff",
        r"(?<!non-)(?<!non )\bcompl(?:y|ies|ied|ying|iant|iance)\b",
        "“Comply”, “compliant”, “in compliance with”.",
        "Compliance is about following someone else's rules. It can be required, but it is not a "
        "goal anyone sets for their own life: it says what the agency needs, not what the person wants.",
        "Client will comply with housing program requirements.",
        "If this plan were really yours, what would you want it to help with?",
    ),
    Rule(
        "label-words",
        "compliance",
        "staff",
        r"\bnon-? ?complian(?:t|ce)\b|\b(?:resistant|unmotivated|uncooperative|manipulative|in denial)\b"
        r"|\blacks? (?:motivation|insight)\b",
        "Labels for the person: “non-compliant”, “resistant”, “unmotivated”, “uncooperative”, "
        "“manipulative”, “in denial”, “lacks insight”.",
        "A label describes the person by how they fit the service. It usually came after missed "
        "visits, not before. Person-first words say what happened instead: “missed two visits”.",
        "Client has been non-compliant and will re-engage with services.",
        "What has made it hard to take part so far, and what would make it easier?",
    ),
    Rule(
        "cooperate",
        "compliance",
        "staff",
        r"\bco-?operat(?:e|es|ing|ion)(?: fully)? with(?! (?:me|my|us|our|each)\b)"
        r"|(?:(?<=\bwill )|(?<=\bmust )|(?<=\bshall )|(?<=\bto ))(?:fully )?co-?operate\b(?! with (?:me|my|us|our|each)\b)|\b(?:be|remain|stay) (?:fully |more )?co-?operative\b",
        "“Cooperate with” the plan, the worker or the agency; “be cooperative”. Cooperating with "
        "“my” or “our” people (a co-parent, a sister) is not flagged.",
        "Cooperation puts the person in the role of going along with a plan someone else made.",
        "Client will cooperate with the service plan.",
        "What would you want from working with us?",
    ),
    Rule(
        "attend-all",
        "compliance",
        "staff",
        rf"\battend(?:s|ing)? (?:all|every|each)\b(?: [\w'-]+){{0,4}}? {_SERVICE}\b"
        rf"|\battend(?:s|ing)?(?: [\w'-]+){{0,2}}? (?:scheduled|required|mandatory|mandated|court-ordered|assigned) "
        rf"(?:[\w'-]+ ){{0,2}}?{_SERVICE}\b"
        r"|\b(?:100 ?%|perfect|full) attendance\b|\battendance (?:at|in) (?:all|every|each)\b"
        r"|\bno (?:more )?(?:missed|no-show) (?:[\w'-]+ )?(?:appointments|sessions|visits|groups)\b",
        "Attendance as the goal: “attend all …”, “attend every …”, “attend scheduled …” sessions, "
        "appointments, groups or classes; “100% attendance”; “no missed appointments”. Attending "
        "something in the person's life (“I will attend my daughter's graduation”) is not flagged.",
        "Showing up is how the service measures itself. A person goes to sessions for something: "
        "the goal could name that something.",
        "Client will attend all scheduled parenting sessions.",
        "Which of these sessions feel most useful to you, and what would make it easier to get to them?",
    ),
    Rule(
        "must",
        "compliance",
        "staff",
        r"(?<!\bi )(?<!\bwe )\b(?:must|shall|(?:is|are|will be) (?:required|expected|mandated) to)\b",
        "Obligation words: “must”, “shall”, “is required to”, “is expected to”. Not flagged when the "
        "person says it about themselves (“I must”, “we must”).",
        "An obligation says who holds the power, not what anyone hopes for. The requirement may be "
        "real; the goal can still name what the person wants from meeting it.",
        "Parent must complete a psychological evaluation.",
        "Setting aside what is required, what would you want to get out of this?",
    ),
    Rule(
        "submit-to",
        "compliance",
        "staff",
        r"\bsubmit(?:s|ting)? to\b|\bsubmit(?:s|ting)? (?:a |an |all |random |weekly |regular )*"
        r"(?:urine|UAs?|drug (?:screens?|tests?)|urinalysis|samples?|breathalyzer)\b",
        "“Submit to” testing, searches or evaluations; “submit random UAs”.",
        "The person is something done to, not someone who acts. Testing may be a real condition; "
        "it is a way to check, not a goal.",
        "Client will maintain sobriety and submit to testing.",
        "What would show you, in your own life, that things are going the way you want?",
    ),
    Rule(
        "as-directed",
        "compliance",
        "staff",
        r"\bas (?:directed|instructed|prescribed|ordered|recommended|required|assigned|requested|advised)\b"
        r"|\bper (?:the )?(?:worker|caseworker|case manager|court|agency|staff|therapist|provider|"
        r"probation officer|PO|treatment team)(?:'s)?(?: (?:recommendations?|directions?|instructions?|orders?))?\b",
        "Someone else sets the standard: “as directed”, “as prescribed”, “as recommended”, "
        "“per the worker's instructions”.",
        "The person's view is missing. Taking medicine “as prescribed” can matter a lot, but the "
        "wording leaves out what the person hopes it will change and what worries them about it.",
        "Client will take medication as prescribed and attend all appointments.",
        "What do you hope this will help with, and what worries you about it?",
    ),
    Rule(
        "maintain-sobriety",
        "compliance",
        "staff",
        r"\b(?:maintain|maintains|maintaining|demonstrate|demonstrates|show|shows) (?:[\w'-]+ ){0,2}?"
        r"(?:sobriety|abstinence)\b"
        r"|\b(?:remain|remains|maintain|maintains) (?:completely |totally )?(?:abstinent|drug-free|drug free|"
        r"alcohol-free|clean and sober)\b"
        r"|\b(?:negative|clean) (?:drug |urine |UA |alcohol )?(?:screens?|tests?|results?|UAs?|urinalysis)\b"
        r"|\btests? negative\b",
        "Sobriety as the agency measures it: “maintain sobriety”, “demonstrate abstinence”, "
        "“remain drug-free”, “negative screens”. “I want to stay sober” is not flagged.",
        "All-or-nothing sobriety is a condition, rarely a goal a person would write. It leaves out "
        "what sobriety is for, and a slip turns the whole goal into failure.",
        "Client will maintain sobriety and submit to testing.",
        "What would be different for you if drinking or using took up less of your life?",
    ),
    Rule(
        "follow-orders",
        "compliance",
        "staff",
        r"\b(?:follow|follows|following|adhere to|adheres to|abide by|abides by|obey|obeys) "
        r"(?:(?:all|any|the|his|her|their) )*(?:[\w'-]+ ){0,2}?(?:recommendations?|rules|instructions|directions|"
        r"directives|orders|guidelines|requirements|expectations|conditions|(?:treatment|service|case|safety) plan)\b"
        r"|\badherence\b",
        "“Follow all recommendations”, “adhere to the treatment plan”, “abide by program rules”.",
        "Someone else decides; the person's part is to follow. A plan the person helped make does "
        "not need to be “followed”: it is theirs.",
        "Client will follow all treatment recommendations.",
        "Which parts of this plan make sense to you, and which don't?",
    ),
    Rule(
        "participate-in-services",
        "compliance",
        "staff",
        r"\b(?:actively |fully )?(?:participate|participates|participating|engage|engages|engaging|be engaged|"
        r"remain engaged) in (?:(?:all|any|the|his|her|their|recommended|required|offered|available) )*"
        r"(?:(?!my |our )[\w'-]+ )?(?:services?|treatment|programming|program|case management|service plan|"
        r"case plan|groups|sessions)\b(?! decisions| planning| choices)",
        "“Participate in services”, “engage in treatment”, “actively participate in all "
        "programming”. Taking part in decisions (“participate in my treatment decisions”) is not flagged.",
        "Taking part is the service's measure. What the person wants the services to do for them is the goal.",
        "Client will actively participate in all recommended services.",
        "What would you want these services to help you with?",
    ),
    Rule(
        "mandated",
        "compliance",
        "staff",
        r"\bcourt-? ?ordered\b|\bmandated\b|\bmandatory\b|\b(?:required|ordered) by\b|\bas a condition of\b"
        r"|\bconditions? of (?:probation|parole|release|the program)\b|\bper (?:the )?court order\b"
        rf"|\b(?:all )?required (?:[\w'-]+ ){{0,2}}?{_SERVICE}\b",
        "“Court-ordered”, “mandated”, “mandatory”, “required by”, “conditions of probation”, “required classes”.",
        "The order may be real and not up for debate. A goal can still say what the person wants "
        "to get out of it, which is what keeps them coming when the order ends.",
        "Parent will complete court-ordered anger management classes.",
        "The court asks for this. What would you want to get out of it for yourself?",
    ),
    Rule(
        "consequence",
        "compliance",
        "staff",
        r"\b(?:or|otherwise) (?:risk|face|be subject to)\b|\bwill result in\b|\bfailure to\b"
        r"|\b(?:risks?|faces?) (?:discharge|termination|sanctions?|removal|revocation|loss of)\b"
        r"|\bor (?:be |will be )?(?:discharged|terminated|sanctioned|removed|violated)\b",
        "A threat inside the goal: “or be discharged”, “failure to … will result in …”, “risk termination”.",
        "A goal held up by a threat is about avoiding punishment. People can comply for a while that "
        "way, but it rarely builds anything that lasts once the threat is gone.",
        "Client will attend all groups or be discharged from the program.",
        "What would make staying in this program worth it to you?",
    ),
    Rule(
        "stop-only",
        "compliance",
        "staff",
        r"\b(?:refrain|refrains|refraining|abstain|abstains) from\b|\b(?:cease|desist)\b"
        r"|\bwill not (?:associate|have (?:any )?contact|contact|violate|re-?offend|incur|be arrested|get arrested)\b"
        r"|\b(?:no|zero) (?:further |new |more )?(?:incidents|arrests|violations|police contact|reports|"
        r"referrals|write-ups|suspensions)\b",
        "Only what to stop: “refrain from”, “cease”, “will not associate with”, “no further incidents”.",
        "A goal that only names what should stop gives nothing to move towards. What would the "
        "person be doing instead?",
        "Client will refrain from using substances and have no further incidents.",
        "If this stopped, what would you like to be doing instead?",
    ),
    Rule(
        "chart-language",
        "compliance",
        "staff",
        r"\bas (?:evidenced|measured|demonstrated|indicated|reported) by\b|\bverbali[sz]e[sd]?\b|\butili[sz]e[sd]?\b"
        r"|\bdemonstrat(?:e|es|ing) (?:an |the )?(?:understanding|ability|improved|improvement|increased|decreased|"
        r"insight|knowledge|willingness|readiness|appropriate|compliance|progress)\b"
        r"|\b(?:reduce|decrease|eliminate) (?:[\w'-]+ ){0,2}?(?:symptoms|behaviou?rs|outbursts|episodes|incidents)\b"
        r"|\b\d+ ?% of (?:the )?(?:time|sessions|opportunities|days)\b"
        r"|\b(?:identify|list|name) (?:\d+|two|three|four|five|several) (?:[\w'-]+ )?(?:coping skills|strategies|"
        r"triggers|supports)\b",
        "Chart language: “as evidenced by”, “verbalize”, “utilize”, “demonstrate understanding”, "
        "“decrease behaviors”, “80% of the time”, “identify three coping skills”.",
        "Written for the file or the funder. The person would not say it this way, which is a sign "
        "they were not the one saying it.",
        "Client will verbalize three coping skills as evidenced by staff report.",
        "How would you say this goal in your own words?",
    ),
    # -- wants ---------------------------------------------------------------------------------
    Rule(
        "i-want",
        "want",
        "person",
        r"\bi (?:really |still |would really )?(?:want|wanna|would like|would love|hope|wish|dream|am hoping|miss|"
        r"choose|love)\b|\bi'd (?:like|love)\b|\bmy (?:own )?(?:goal|hope|dream|wish|choice|priority)\b"
        r"|\bwhat matters (?:most )?to (?:me|us)\b|\bimportant to (?:me|us)\b",
        "The person says what they want: “I want”, “I'd like”, “I hope”, “I miss”, “my dream is”, "
        "“what matters to me”.",
        "A want in the person's own words is the strongest sign the goal is theirs.",
        "I want my kids to feel safe at home again.",
    ),
    Rule(
        "reported-want",
        "want",
        "person",
        r"\b(?:she|he|they|mom|dad|mother|father|parents?|family|youth|grandmother|grandma|caregiver|client|"
        r"participant)(?: really| still)? (?:wants|hopes|would like|would love|wishes|dreams)\b"
        r"|\b(?:they|parents|kids) (?:really |still )?(?:want|hope|would like|would love)\b"
        rf"|\bin {_POSSESSIVE} (?:own )?words\b",
        "Someone reports what the person wants: “she wants”, “Dad hopes”, “they would like”, “in her own words”.",
        "The want is there, even if someone else wrote it down. Checking it with the person is the next step.",
        "Mom wants to have her kids home by summer.",
    ),
    Rule(
        "so-that",
        "want",
        "person",
        r"\bso (?:that )?(?:i|we|she|he|they|my|our|her|his|their|the kids|the children|the family) "
        r"(?:[\w'-]+ )??(?:can|could|will|would|am|is|are|feel|have|get|don't)\b"
        r"|\bin order for (?:me|us|her|him|them) to\b|\bbecause (?:i|we)\b"
        r"|\b(?:that|which) (?:will |would )?(?:lets?|helps?) (?:me|us|her|him|them)\b",
        "A reason that belongs to the person: “so that I can”, “so she can”, “because I”, “that helps me”.",
        "The reason is what makes a goal worth the effort. A goal with its “so that” is a goal "
        "someone has thought about.",
        "Find a job with day shifts so that I can be home when my kids get back from school.",
    ),
    Rule(
        "people",
        "want",
        "person",
        rf"\b{_FIRST} (?:[\w'-]+ )?(?:kids?|children|child|sons?|daughters?|bab(?:y|ies)|family|partner|wife|"
        r"husband|mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|grandkids|grandchildren|grandson|"
        r"granddaughter|sister|brother|siblings|friends?|boyfriend|girlfriend|fianc[eé]e?|neighbou?rs?|aunt|uncle|"
        r"cousins?|niece|nephew|community|congregation|dog|cat|pets?)(?:'s)?\b"
        r"|\bpeople (?:around me|i can count on|who care|i love)\b",
        "People who matter to the person, named by them: “my kids”, “our family”, “my sister”, "
        "“people I can count on”. “Her children” is not counted: “Client will supervise her children” "
        "is not a want.",
        "Relationships are often what a person is really working for. Naming them ties the goal "
        "to the person's life, not to the service.",
        "I want to be there for my daughter's graduation.",
    ),
    Rule(
        "life",
        "want",
        "person",
        r"\b(?:graduation|wedding|birthday|church|mosque|temple|synagogue|prayer|garden|gardening|cooking|fishing|"
        r"soccer|football|basketball|baseball|music|guitar|piano|painting|drawing|dancing|volunteering|hobby|"
        r"hobbies|holidays?|vacation|camping)\b"
        r"|\b(?:get|go|going|be|come) back to (?:[\w'-]+ )?(?:work|school|church|college|class|the gym|[\w'-]+ing)\b"
        rf"|\b{_FIRST} own (?:place|home|apartment|room|bed|car|business|money)\b"
        rf"|\bkeep {_FIRST} (?:job|home|apartment|place|car|license)\b|\bfriends over\b"
        r"|\bdriver'?s licen[cs]e\b",
        "Something the person values doing or having: church, a graduation, music, cooking, "
        "“get back to work”, “my own place”, “keep my job”, a driver's license.",
        "Valued activities are where motivation lives. A goal that serves them is one the person has a reason to keep.",
        "I want to sleep through the night and get back to church.",
    ),
    Rule(
        "feelings",
        "want",
        "person",
        r"\b(?:feel|feels|feeling|felt)\b|\b(?:calm|calmer|happy|happier|proud|confident|hopeful|"
        r"peaceful|rested|healthier|stronger)\b|\b(?:good|better) days\b|\bpeace of mind\b"
        r"|\bless (?:stressed|worried|anxious|alone|lonely)\b|\bsleep\b"
        rf"|\bon {_FIRST} own\b|\bcount on\b",
        "A hope about how life feels: “feel”, “calm”, “proud”, “good days”, “sleep”, "
        "“less stressed”, “on my own”. “Safe” alone is not counted: “a safe home” is often the "
        "agency's phrase; “feel safe” is counted.",
        "How a person wants to feel is a want, even without “I want”. It is also what they will "
        "use to judge whether the work helped.",
        "Have more good days than bad days, and know what helps on bad days.",
    ),
    Rule(
        "fits-life",
        "want",
        "person",
        r"\b(?:works?|fits?) (?:for|around|with|into) (?:me|us|my|our|her|his|their|them|him|school|work)\b"
        rf"|\bfits? around\b|\bon {_POSSESSIVE} (?:own )?(?:terms|schedule|time)\b",
        "The plan fits the person's life: “work that fits around school pick-up”, “a routine that "
        "works for our family”, “on my own schedule”.",
        "Shaping the goal around the person's life means someone asked about their life.",
        "Find work that fits around school pick-up.",
    ),
)

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "`": "'", "“": '"', "”": '"', "–": " ", "—": " ", "\u00a0": " "})


def _tidy(text: str) -> str:
    """Tidy punctuation so rules see words separated by single spaces and sentences by " | "."""
    t = text.translate(_QUOTES)
    t = re.sub(r"\b(Mr|Mrs|Ms|Mx|Dr|St)\.", r"\1", t, flags=re.IGNORECASE)
    t = re.sub(r"[.!?;:]+(?=\s|$)|\n", " | ", t)
    t = re.sub(r"[^\w'%|-]+", " ", t)
    t = re.sub(r"(?<!\w)['-]+|['-]+(?!\w)", " ", t)  # a stray quote or dash is not part of a word
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"\|(?: \|)+", "|", t)
    return t.strip(" |")


_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    if pattern not in _CACHE:
        _CACHE[pattern] = re.compile(pattern, re.IGNORECASE)
    return _CACHE[pattern]


def rules() -> tuple[Rule, ...]:
    """Every rule the coach uses: id, kind, whose goal it points to, pattern, description, why,
    example (and a question, for rules that flag wording).

    Example:
        >>> [r.id for r in rules() if r.kind == "compliance"][:4]
        ['comply', 'label-words', 'cooperate', 'attend-all']
        >>> all(r.matches(r.example) for r in rules())
        True
    """
    return _RULES


HOW_OWNER_IS_DECIDED = (
    "Compliance wording and no want: the agency's goal, even when it says “I” or “we”.",
    "Compliance wording and a want of the person's: shared, unless it is written about the person "
    "(“Client will …”); then still the agency's.",
    "A want and no compliance wording: the person's own goal if it says “I” or “my”; otherwise shared.",
    "No want, no compliance wording: “Client will …” makes it the agency's, “we” or a chosen first "
    "step makes it shared, “I” makes it the person's.",
    "None of the rules match: hard to tell. That is not a bad sign; ask whose words these are.",
)
"""How the coach turns matches into an owner, in the order it checks."""

_QUESTIONS = {
    "no want": (
        "What would be different for you if this went well?",
        "What would you like your life to look like when we are done working together?",
        "Why does this matter to you, if it does?",
    ),
    "flags and want": (
        "How does this part of the plan connect with what matters to you?",
        "Which parts of this plan help with what you want, and which just feel like rules?",
    ),
    "shared want": (
        "How would you put this goal in your own words?",
        "What are a few ways we could get there? Which one fits you best?",
        "What would a good first step look like for you?",
    ),
    "person": (
        "What is one small step you would like to take first?",
        "Who in your life could help with this?",
        "How will you know this is working?",
        "What could get in the way, and what would help then?",
    ),
}


def _pick(options: tuple[str, ...], text: str) -> str:
    """The same goal always gets the same question; different goals get different ones."""
    return options[zlib.crc32(text.lower().encode("utf-8")) % len(options)]


def _quote(flags: tuple[Flag, ...], limit: int = 3) -> str:
    words: list[str] = []
    for f in flags:
        words += [w for w in f.words.split(", ") if w not in words]
    shown = [f"“{w}”" for w in words[:limit]]
    return ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]


def assess_goal(text: str) -> GoalAssessment:  # noqa: C901 (split when the rules move to content data, #10)
    """Read one plan goal: whose goal its wording makes it, what to look at again, whether it names
    something the person wants, and a question to ask them.

    Matching ignores case and punctuation. See :func:`rules` for every rule and
    :data:`HOW_OWNER_IS_DECIDED` for how matches become an owner.

    Raises:
        TypeError: ``text`` is not a string.
        ValueError: ``text`` is empty, or longer than :data:`MAX_CHARS`.

    Example:
        >>> a = assess_goal("Client will cooperate with the service plan.")
        >>> a.owner, a.flag_ids, a.names_a_want
        ('staff', ('third-person', 'cooperate'), False)
        >>> print(a.summary)
        This reads as the agency’s goal more than the person’s. It is written about the person
        (“Client will”), not by them. It uses compliance wording: “cooperate with”. It does not
        name anything the person wants yet.
        >>> assess_goal("Build a bedtime routine that works for our family.").owner
        'shared'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string (a goal as written in a plan); got {type(text).__name__}")
    if not text.strip():
        raise ValueError("text is empty: expected a goal as written in a plan, one or two sentences")
    if len(text) > MAX_CHARS:
        raise ValueError(
            f"text is {len(text):,} characters; a goal is usually one or two sentences. "
            f"Give one goal at a time (up to {MAX_CHARS:,} characters)."
        )
    matched: list[tuple[Rule, Flag]] = []
    for rule in _RULES:
        found = rule.matches(text)
        if found:
            matched.append((rule, Flag(rule.id, ", ".join(found))))
    flags = tuple(f for r, f in matched if r.points_to == "staff")
    wants = tuple(f for r, f in matched if r.kind == "want")
    signs = tuple(f for r, f in matched if r.points_to != "staff" and r.kind != "want")
    ids = {f.rule for _r, f in matched}
    third, first = "third-person" in ids, "first-person" in ids
    compliance = tuple(f for f in flags if f.rule != "third-person")
    partnership = tuple(f for f in signs if f.rule in ("we-together", "small-step"))

    if not matched:
        owner = "unclear"
    elif compliance:
        owner = "shared" if wants and not third else "staff"
    elif wants:
        owner = "person" if first and not third else "shared"
    elif third:
        owner = "shared" if partnership else "staff"
    elif partnership:
        owner = "shared"
    else:
        owner = "person"

    sentences = {
        "staff": "This reads as the agency’s goal more than the person’s.",
        "shared": "This reads as a shared goal: the person’s and the team’s.",
        "person": "This reads as the person’s own goal.",
        "unclear": "The coach can’t tell whose goal this is.",
    }
    summary = [sentences[owner]]
    if third:
        summary.append(f"It is written about the person ({_quote(flags[:1])}), not by them.")
    elif compliance and not wants and (first or partnership):
        summary.append("It says “I” or “we”, but the wording is the agency’s.")
    if compliance:
        summary.append(f"It uses compliance wording: {_quote(compliance)}.")
    together = tuple(f for f in partnership if f.rule == "we-together")
    steps = tuple(f for f in partnership if f.rule == "small-step")
    if together and owner == "shared":
        summary.append(f"It speaks of working together ({_quote(together, 2)}).")
    if steps and owner == "shared":
        summary.append(f"It names a step taken at the person’s pace ({_quote(steps, 2)}).")
    if wants:
        summary.append(f"It names something the person wants: {_quote(wants)}.")
    elif matched:
        summary.append("It does not name anything the person wants yet.")
    else:
        summary.append("None of its words match the rules. That is not a bad sign: ask whose words these are.")

    if flags and not wants:
        suggestion = _rule((compliance or flags)[0].rule).question
    elif compliance:
        suggestion = _pick(_QUESTIONS["flags and want"], text)
    elif not wants:
        suggestion = _pick(_QUESTIONS["no want"], text)
    elif owner == "person":
        suggestion = _pick(_QUESTIONS["person"], text)
    else:
        suggestion = _pick(_QUESTIONS["shared want"], text)

    return GoalAssessment(
        text=text,
        owner=owner,
        flags=flags,
        names_a_want=bool(wants),
        suggestion=suggestion,
        summary=" ".join(summary),
        wants=wants,
        signs=signs,
    )


# --------------------------------------------------------------------------------------------
# The widget
# --------------------------------------------------------------------------------------------
_ROUGH = (
    "These rules are rough. They match words, not meaning, so they miss things and flag "
    "things that are fine. You may well disagree with some of them: that is a good "
    "conversation to have with your team."
)
_HEADINGS = (
    ("compliance", "Wording to look at again (points to the agency or staff)"),
    ("voice", "Whose voice it is"),
    ("partnership", "Signs of partnership (point to a shared goal)"),
    ("want", "Names something the person wants (points to the person)"),
)


def _rules_html() -> str:
    parts = [f"<div role='region' aria-label='The coach’s rules'><p>ℹ️ {html.escape(_ROUGH)}</p>"]
    for kind, heading in _HEADINGS:
        items = []
        for r in _RULES:
            if r.kind != kind:
                continue
            items.append(
                f"<li><strong>{html.escape(r.id)}</strong>: {html.escape(r.description)}<br>"
                f"<em>Why:</em> {html.escape(r.why)}<br>"
                f"<em>Example:</em> “{html.escape(r.example)}”</li>"
            )
        parts.append(f"<p><strong>{html.escape(heading)}</strong></p><ul>{''.join(items)}</ul>")
    steps = "".join(f"<li>{html.escape(s)}</li>" for s in HOW_OWNER_IS_DECIDED)
    parts.append(f"<p><strong>How the coach decides whose goal it is</strong></p><ol>{steps}</ol></div>")
    return "".join(parts)


class GoalCoach(widgets.VBox):
    """A text box for one plan goal, a *Check this goal* button, the coach's reading, and a
    *Show the rules* button that lists every rule. With a journal, a *Save to my journal* button
    keeps the goal and the coach's reading (module ``"05"``, prompt ``"goal-coach"``).

    Args:
        journal: a :class:`~coownership.journal.Journal` to save to; no save button without one.

    Example:
        >>> coach = GoalCoach()
        >>> coach.goal.value = "I want my own place where my kids can have friends over."
        >>> coach.check()
        >>> "the person" in coach.feedback.value and coach.assessment.owner
        'person'
        >>> coach.rules_toggle.value = True
        >>> "rough" in coach.rules_view.value
        True
    """

    MODULE = "05"
    PROMPT_ID = "goal-coach"

    def __init__(self, journal: Journal | None = None) -> None:
        if journal is not None and not isinstance(journal, Journal):
            raise TypeError(f"journal must be a coownership.journal.Journal or None; got {type(journal).__name__}")
        self.journal = journal
        self.assessment: GoalAssessment | None = None
        intro = widgets.HTML(
            "<p><strong>Goal-language coach.</strong> Paste or type one goal as it is written in a plan. "
            "The coach reads the <em>wording</em>: whose goal it sounds like, what to look at again, "
            "and a question you could ask the person. It is a rough reader, not a judge.</p>"
        )
        self.goal = widgets.Textarea(
            description="Goal",
            placeholder="For example: Client will attend all scheduled parenting sessions.",
            tooltip="One goal, as written in a plan (one or two sentences)",
            rows=3,
            layout=widgets.Layout(width="95%"),
            style={"description_width": "initial"},
        )
        self.check_button = labelled_button(
            description="Check this goal",
            icon="search",
            button_style="primary",
            tooltip="Check this goal: the coach's reading appears below",
        )
        self.rules_toggle = widgets.ToggleButton(
            value=False,
            description="Show the rules",
            icon="list",
            tooltip="Show every rule the coach uses, in plain words, so you can argue with them",
            layout=widgets.Layout(width="auto"),
        )
        self.feedback = widgets.HTML(value="", layout=widgets.Layout(min_height="2em"))
        self.rules_view = widgets.HTML(value="")
        self.check_button.on_click(lambda _b: self.check())
        self.rules_toggle.observe(self._toggle_rules, names="value")
        buttons: list[widgets.Widget] = [self.check_button, self.rules_toggle]
        self.save_button: widgets.Button | None = None
        self.save_status = widgets.HTML(value="")
        if journal is not None:
            self.save_button = labelled_button(
                description="Save to my journal",
                icon="save",
                tooltip="Save this goal and the coach's reading to your journal on this computer",
            )
            self.save_button.on_click(lambda _b: self.save())
            buttons.append(self.save_button)
        super().__init__([intro, self.goal, widgets.HBox(buttons), self.feedback, self.save_status, self.rules_view])

    @staticmethod
    def rules() -> tuple[Rule, ...]:
        """Every rule the coach uses (the same as :func:`rules`)."""
        return _RULES

    # -- handlers ------------------------------------------------------------------------------
    def _problem(self, text: str) -> str | None:
        """A kind message when the text cannot be checked, else None."""
        if not text.strip():
            return (
                "○ Nothing to check yet. Type or paste one goal as it is written in a plan, "
                "then press <em>Check this goal</em>."
            )
        if len(text) > MAX_CHARS:
            return (
                f"➜ That is {len(text):,} characters. A goal is usually one or two sentences. "
                f"Paste one goal at a time (up to {MAX_CHARS:,} characters)."
            )
        return None

    def check(self) -> None:
        """Read the goal in the box and show the coach's reading (the button's handler)."""
        text = self.goal.value
        problem = self._problem(text)
        if problem:
            self.assessment = None
            self.feedback.value = f"<div role='status'><p>{problem}</p></div>"
            return
        a = assess_goal(text)
        self.assessment = a
        icon = f"<span aria-hidden='true'>{_OWNER_ICONS[a.owner]}</span>"
        parts = [
            f"<p><em>Your goal:</em> “{html.escape(text.strip())}”</p>",
            f"<p><strong>Whose goal does the wording make it?</strong> {icon} "
            f"{html.escape(a.owner_words[0].upper() + a.owner_words[1:])}.</p>",
            f"<p>{html.escape(a.summary)}</p>",
        ]
        if a.flags:
            items = "".join(
                f"<li><span aria-hidden='true'>⚑</span> Look again at “{html.escape(f.words)}” "
                f"(rule <code>{html.escape(f.rule)}</code>). {html.escape(_rule(f.rule).why)}</li>"
                for f in a.flags
            )
            parts.append(f"<p><strong>Wording to look at again</strong></p><ul>{items}</ul>")
        else:
            parts.append("<p><span aria-hidden='true'>✔</span> No compliance wording found.</p>")
        if a.names_a_want:
            words = ", ".join(f"“{html.escape(f.words)}”" for f in a.wants)
            parts.append(
                f"<p><strong>Does it name something the person wants?</strong> "
                f"<span aria-hidden='true'>✔</span> Yes: {words}.</p>"
            )
        else:
            parts.append(
                "<p><strong>Does it name something the person wants?</strong> "
                "<span aria-hidden='true'>➜</span> Not yet. What is this goal for, in the "
                "person’s life?</p>"
            )
        parts.append(f"<p><strong>A question you could ask the person:</strong> “{html.escape(a.suggestion)}”</p>")
        parts.append(
            "<p><small>The coach reads words, not intentions. The best check is the "
            "person: would they say this goal is theirs?</small></p>"
        )
        self.feedback.value = f"<div role='status'>{''.join(parts)}</div>"

    def _toggle_rules(self, change: dict) -> None:
        if change["new"]:
            self.rules_view.value = _rules_html()
            self.rules_toggle.description = "Hide the rules"
        else:
            self.rules_view.value = ""
            self.rules_toggle.description = "Show the rules"

    def save(self) -> None:
        """Save the goal and the coach's reading to the journal (the save button's handler).

        Problems (nothing typed, a folder that cannot be written) are shown, never raised.
        """
        if self.journal is None:
            self._say("⚠ No journal was given to this coach, so there is nowhere to save.")
            return
        text = self.goal.value
        if not text.strip():
            self._say("○ Nothing to save yet. Type or paste a goal first, then save.")
            return
        if len(text) > MAX_CHARS:
            self._say(
                f"➜ Not saved: that is {len(text):,} characters. A goal is usually one or two "
                f"sentences. Save one goal at a time (up to {MAX_CHARS:,} characters)."
            )
            return
        a = assess_goal(text)
        entry = f"Goal: {text.strip()}\n\nThe coach's reading: {a.summary}\n\nA question to ask: {a.suggestion}"
        try:
            saved = save_reflection(self.MODULE, self.PROMPT_ID, entry, journal=self.journal)
        except JournalError as exc:
            self._say(f"⚠ Not saved. {exc}")
            return
        self._say(f"✔ Saved {saved.saved_local} to your journal ({self.journal.path.name}).")

    def _say(self, message: str) -> None:
        self.save_status.value = f"<p role='status'>{html.escape(message)}</p>"


def _rule(rule_id: str) -> Rule:
    return next(r for r in _RULES if r.id == rule_id)
