"""English opinion lexicon for customer feedback, written by hand.

Plain data so that it can be read, reviewed and extended in a pull request.
Weights run from -4 (furious) to +4 (delighted); words are grouped by weight
to keep the file scannable. Lookups are accent-free and lower-case (see
`normalize.fold`), so entries are written the way customers write them,
including the frequent misspellings ("dissapointed", "recieved").

`EXPECTATIONS` are words that are barely positive on their own but strongly
negative when negated: a product that "works" is merely expected, one that
"doesn't work" is a complaint. The second number is the weight once negated.

`PHRASES` are multi-word expressions matched before single words; idioms
already include their negation ("not bad" is positive), so the negation rule is
not applied to them again.
"""

from __future__ import annotations

WORDS: dict[float, str] = {
    3.5: """
        excellent excellant exellent outstanding superb amazing amazingly awesome fantastic fantastico wonderful
        perfect perfectly phenomenal exceptional brilliant flawless flawlessly incredible incredibly magnificent
        terrific spectacular stellar marvelous marvellous superlative sublime exquisite impeccable impeccably
        delightful delighted ecstatic thrilled heavenly unbeatable mindblowing breathtaking extraordinary
        """,
    3.0: """
        love loved loves loving lovely adore adored adores best greatest great awsome fabulous fab gorgeous
        beautiful beautifully outstandingly glorious wow superior top-notch topnotch first-rate masterpiece
        rocks rocked kudos bravo thankful grateful blessed recommended highly-recommended impressive impressed
        fave favourite favorite favorites favourites yummy yum delicious tasty scrumptious
        """,
    2.5: """
        happy happily glad pleased satisfied enjoy enjoyed enjoying enjoys enjoyable nice nicely cool
        helpful friendly courteous polite attentive professional professionally efficient reliable sturdy
        durable solid comfortable comfy fast quick quickly speedy prompt promptly smooth smoothly easy easily
        effortless intuitive handy convenient fresh fun pleasant pleasure pleasantly worthwhile
        affordable reasonable reasonably bargain appreciated appreciate appreciates
        recommend recommends recommending generous knowledgeable responsive accommodating welcoming warm
        cute elegant stylish sleek classy charming tender juicy crisp crispy flavorful flavourful
        authentic legit useful well-made genius perfection superbly wonderfully fantastically
        """,
    2.0: """
        good gud decent better improved improvement winner win works working worked functional
        accurate precise clean cleaner tidy neat safe secure strong stable patient kind caring
        trustworthy trusted genuine helped helps supportive resolved fixed solved refunded
        compatible lightweight bright crystal recommendable satisfying satisfies worth valuable
        advantage benefit bonus ideal superb-quality fits fit fitted super excited exciting
        easier simple simplest straightforward seamless seamlessly quiet spacious cozy cosy authentic
        generously quickest fastest fresher affordable-price
        """,
    1.5: """
        ok okay okey alright correct adequate acceptable sufficient enough interesting like liked likes
        well worthy lucky joy proud positive agree respect respectful
        popular classic wise calm relaxing relaxed rich hearty filling authentic sweet gentle soft
        """,
    1.0: """
        decently okish inexpensive keen fine fair value plus thanks thank cheers yes
        """,
    -1.0: """
        meh cheap average ordinary basic confusing confused odd weird strange unclear
        slow slowly lacking lacks lack small tiny limited expensive pricey pricy noisy
        complicated complex difficult hard tricky issue issues concern concerns doubt doubtful questionable
        problem problems trouble troubles bug bugs glitch glitches
        hassle inconvenient inconvenience lukewarm sloppy messy greasy soggy overcooked
        undercooked dry salty bitter sour stale tough chewy thin cheaply late delay delayed
        waiting wait waited missing mistake mistakes error errors wrong wrongly incorrect return returning
        returned refund complaint complain complaining complained disconnected disconnects drops dropped
        static echo crackling fuzzy blurry dim weak weaker loose unstable stuck freeze freezes froze frozen
        crash crashes crashed lag lags lagging laggy unresponsive ignored ignore
        elsewhere rushed lacked drawback drawbacks downside downsides spotty patchy dying
        """,
    -1.5: """
        unfortunately unfortunate sadly bland boring bored dull tedious tasteless flavorless flavourless unimpressive
        unimpressed mediocre overpriced overrated underwhelming underwhelmed lame shoddy flimsy
        fragile uncomfortable unreliable inaccurate unfriendly unhelpful unprofessional incompetent
        careless lazy ignorant slower slowest difficult-to-use cumbersome clunky awkward hard-to-use junky
        annoying annoyed annoys irritating irritated frustrating frustrated frustration struggle struggled
        sorry regret regrets regretted fail failed fails failing failure faulty defective defect defects
        damaged broken break breaks broke cracked crack scratched scratches leaking leaks leaked dented torn
        ripped stained smelly smell smells stinks stink dirty filthy gross raw disgusted
        unacceptable unacceptible unusable unreadable unsatisfied dissatisfied unsatisfactory insufficient
        inadequate poorly misleading misled mislead deceptive deceived rip-off overcharged overcharge
        cancelled canceled cancel lost worse negative avoid beware warning warned
        inexperienced untrained overpriced-for discomfort fooled greedy
        """,
    -2.0: """
        displeased disappoint disappoints blows flop flops eew ew yuck refused refuses forgot forgetting
        bad badly poor poorer sad unhappy upset angry mad disappointed dissapointed disapointed disappointing
        dissapointing disapointing disappointment dissapointment disapointment disapoinment letdown let-down
        nasty ugly cheap-looking junk crap crappy shitty sucks sucked suck suckage waste wasted
        wasting wastes worthless useless pointless hopeless rude arrogant dismissive condescending
        incompetence negligent unhygienic inedible rotten spoiled expired moldy mouldy burnt sick ill
        nightmare hell ridiculous absurd stupid dumb idiotic pathetic sloppy-work joke mess chaos disaster
        problematic malfunction malfunctioning malfunctions died dies dead breakdown unbearable intolerable
        painful pain hurt hurts hurting uncomfortable-to-wear unwatchable unplayable unreachable unanswered
        unresponsive-support nonexistent non-existent bogus fake counterfeit knockoff shame shameful
        aggravating aggravated screwed ripped-off pissed disrespected mortified
        """,
    -3.0: """
        terrible terribly horrible horribly horrid awful dreadful atrocious appalling abysmal lousy
        hate hated hates hating disgusting revolting vile sickening outrageous outraged furious livid
        infuriating infuriated inexcusable unforgivable incompetent-staff scam scammed scammer scammers fraud
        fraudulent ripoff rip-off-artist theft stolen thieves thief liars liar lying lied cheated cheat
        cheating dishonest unethical shameless disrespectful insulting insulted humiliating humiliated
        dangerous hazardous unsafe toxic poisoned poisoning injured injury burned burns exploded explosion
        fire trash garbage rubbish junkiest crook crooks crooked
        vomit vomited vomiting puke puked cockroach cockroaches roach roaches maggots
        """,
    -3.5: """
        worst horrendous disastrous catastrophic catastrophe unspeakable pitiful pathetically nightmarish
        despicable deplorable criminal abomination horrific horrifying disgraceful disgrace
        """,
}

# Word: (weight when affirmed, weight when negated).
EXPECTATIONS: dict[str, tuple[float, float]] = {
    "work": (1.0, -2.5),
    "works": (1.5, -2.5),
    "worked": (1.0, -2.5),
    "working": (1.0, -2.5),
    "function": (0.5, -2.0),
    "functions": (0.5, -2.0),
    "functioning": (0.5, -2.0),
    "arrive": (0.0, -2.0),
    "arrived": (0.3, -2.0),
    "received": (0.3, -2.0),
    "receive": (0.0, -2.0),
    "recieved": (0.3, -2.0),
    "delivered": (0.3, -2.0),
    "shipped": (0.3, -1.5),
    "respond": (0.3, -2.0),
    "responded": (0.3, -2.0),
    "answered": (0.3, -2.0),
    "answer": (0.0, -2.0),
    "answers": (0.0, -2.0),
    "responds": (0.0, -2.0),
    "replies": (0.0, -2.0),
    "reply": (0.0, -2.0),
    "replied": (0.3, -2.0),
    "help": (0.8, -2.0),
    "fix": (0.5, -2.0),
    "charge": (0.0, -1.5),
    "charges": (0.0, -1.0),
    "hold": (0.3, -1.5),
    "holds": (0.5, -1.5),
    "last": (0.0, -1.5),
    "lasts": (0.5, -1.5),
    "fits": (1.0, -2.0),
    "fit": (1.0, -2.0),
    "worth": (1.5, -2.5),
    "recommend": (2.5, -3.0),
    "buy": (0.3, -2.0),
    "happy": (2.5, -2.5),
    "impressed": (3.0, -2.5),
    "satisfied": (2.5, -2.5),
    "pleased": (2.5, -2.5),
    "helpful": (2.5, -2.5),
    "enough": (1.0, -1.8),
    "included": (0.3, -1.5),
    "advertised": (0.3, -2.0),
    "described": (0.5, -2.0),
    "expected": (0.0, -1.8),
    "stay": (0.3, -1.5),
    "turn": (0.0, -1.0),
    "connect": (0.3, -1.5),
    "connected": (0.3, -1.5),
    "compatible": (1.0, -2.0),
    "back": (0.0, -2.0),
    "return": (-0.8, -2.0),
    "again": (0.0, -2.0),
    "edible": (0.5, -2.0),
    "reccommend": (2.5, -3.0),
    "recomend": (2.5, -3.0),
    "reccomend": (2.5, -3.0),
    "anymore": (0.0, -1.5),
    "longer": (0.0, -1.0),
    # Customers expect these to happen; saying they did not is the complaint.
    "match": (0.0, -2.0),
    "matches": (0.3, -2.0),
    "matched": (0.3, -2.0),
    "quality": (0.0, -2.0),
    "revisit": (0.5, -2.0),
    "revisiting": (0.5, -2.0),
    "brought": (0.0, -2.0),
    "greeted": (0.5, -2.0),
    "acknowledged": (0.3, -2.0),
    "apologized": (0.5, -2.0),
    "apologised": (0.5, -2.0),
    "refilled": (0.3, -1.5),
    "snug": (1.0, -1.5),
    "like": (0.0, -1.8),
}

# Phrases that are expectations too: (weight, weight once negated). "go back" says little;
# "won't go back" is a lost customer.
PHRASE_EXPECTATIONS: dict[str, tuple[float, float]] = {
    "go back": (0.3, -2.0),
    "going back": (0.3, -2.0),
    "come back": (0.3, -2.0),
    "coming back again": (0.5, -2.0),
    "work with": (0.5, -2.0),
    "worth it": (1.5, -2.5),
    "live up to": (0.5, -2.0),
    "lived up to": (0.5, -2.0),
    "lives up to": (0.5, -2.0),
}

# Multi-word expressions, by weight. "|" separates phrases; they are matched on
# folded tokens, so "don't" and "dont" are both written out when both are common.
PHRASES: dict[float, str] = {
    3.5: "highly recommend|highly recommended|strongly recommend|couldn't be happier|could not be happier|"
    "exceeded my expectations|exceeded expectations|exceeds expectations|beyond expectations|five stars|5 stars|"
    "10 out of 10|a plus|blown away|second to none|top notch|must have|must-have|love it|loved it|"
    "love this|love them|works like a charm|works great|works perfectly|worked perfectly|works well|"
    "can't go wrong|cannot go wrong|you can't go wrong|well worth|worth every penny|two thumbs up|thumbs up|"
    "can't say enough|cannot say enough|cant say enough|couldn't be more|couldnt be more|could not be more",
    2.5: "not bad at all|no complaints|no complaint|can't complain|cannot complain|no problem|no problems|"
    "no issue|no issues|without any problem|without a problem|without issue|without any issues|"
    "will be back|will definitely be back|be back|will come back|will return|coming back|come back again|"
    "will go back|would go back|go back again|buy again|would buy again|will buy again|order again|"
    "as described|as advertised|as expected|on time|ahead of schedule|right away|in no time|"
    "good value|great value|value for money|well made|well-made|well built|easy to use|easy to set up|"
    "easy to install|easy to read|fast shipping|quick delivery|fast delivery|great job|good job|well done|"
    "goes above and beyond|above and beyond|went above and beyond|made my day|keep it up|thank you so much|"
    "thanks a lot|many thanks|five star|very happy|so happy|pleasantly surprised|happy customer|"
    "does the job|does the trick|did the job|did the trick|nothing to complain|hit the spot|on point|"
    "i like|we like|i really like|we really like|really like|i also like|i do like|i like it|like it|like this|"
    "like them|like the way|they like|will like|you'll like|would definitely like|"
    "4 stars|four stars|4 star|four star|5 star",
    1.5: "not bad|not too bad|no worries|no worry|fair enough|can't fault|cannot fault|pretty good|"
    "good enough|works fine|not a problem|no regrets|no regret|not disappointed|wasn't disappointed|"
    "was not disappointed|won't be disappointed|will not be disappointed|not a single problem|"
    "never had a problem|never had any problems|never had an issue|never had any issues|not one problem",
    -1.0: "could be better|room for improvement|a bit slow|a little slow|so so|so-so|just ok|just okay|"
    "only ok|not much|nothing special|nothing great|nothing to write home about|not the best|just average|"
    "hit or miss|hit and miss|hard to say|could use some|could use a|could use more|could have used|"
    "needs work|needs some work|needed work|needs improvement|needed more|needs more|need more|"
    "anytime soon|any time soon|3 stars|three stars|3 star|three star",
    -2.0: "could have been better|could've been better|should have been better|not great|not good|not very good|"
    "not that good|not so good|not impressed|not happy|not worth|not worth it|not worth the money|"
    "not what i expected|not as described|not as advertised|not as expected|not as pictured|"
    "did not work|didn't work|does not work|doesn't work|dont work|don't work|won't work|wont work|"
    "not working|stopped working|quit working|stop working|no longer works|no longer working|stopped charging|"
    "fell apart|falls apart|fell off|falls off|came apart|broke after|broke within|broken on arrival|"
    "dead on arrival|doa|on hold|put on hold|no response|no reply|no answer|never responded|never replied|"
    "never answered|never heard back|still waiting|still haven't|still have not|still no|"
    "never arrived|never came|never received|never got|never showed up|didn't arrive|did not arrive|"
    "hasn't arrived|has not arrived|didn't receive|did not receive|haven't received|have not received|"
    "not received|not delivered|wasn't delivered|lost my package|lost package|late delivery|delivery was late|"
    "arrived late|arrived broken|arrived damaged|arrived cracked|wrong item|wrong size|wrong order|"
    "sent it back|sending it back|send it back|returned it|return it|returning it|returned them|"
    "want my money back|money back|want a refund|requested a refund|still no refund|no refund|"
    "refund never came|never got my refund|never got a refund|charged twice|double charged|"
    "waste of time|waste of money|wasted my money|waste your money|wasting my money|waste of|"
    "do not buy|don't buy|dont buy|do not waste|don't waste|dont waste|do not recommend|don't recommend|"
    "dont recommend|would not recommend|wouldn't recommend|wouldnt recommend|can't recommend|"
    "cannot recommend|could not recommend|not recommend|stay away|steer clear|buyer beware|save your money|"
    "not be back|won't be back|wont be back|will not be back|never go back|never going back|"
    "won't be returning|will not return|will never return|won't return|never again|never coming back|"
    "won't come back|will not come back|not coming back|would not go back|wouldn't go back|"
    "not go back|not return|go elsewhere|went elsewhere|look elsewhere|took forever|takes forever|"
    "too expensive|too small|too big|too loud|too long|too slow|too hot|too cold|"
    "too salty|too sweet|too greasy|too bad|so bad|let down|let me down|rip off|ripped off|"
    "piece of junk|piece of crap|piece of garbage|piece of trash|piece of shit|all the time|"
    "no way|no luck|no help|hung up|hang up|"
    "gave up|give up|have to keep|hard time|impossible to|unable to|"
    "couldn't even|could not even|poor quality|low quality|bad quality|"
    "cheaply made|cheap quality|customer service sucks|lack of|left out|went downhill|gone downhill|"
    "going downhill|shouldn't have|should not have|tried everything|"
    "is this a joke|what a joke|what a waste|what a disappointment|beware of|"
    "not user friendly|not user-friendly|not compatible|not included|not loud enough|not long enough|"
    "not enough|barely works|barely work|hardly works|only lasted|only lasts|lasted only|lasts only|no longer|"
    "at best|off night|off day|below expectations|below average|fall short|falls short|fell short|falling short|"
    "not my thing|not my cup of tea|don't bother|dont bother|do not bother|wouldn't bother|won't bother|"
    "no excuse|not what it says|not what it claims|not what they claim|not what i ordered|not what i wanted|"
    "not what i paid for|over rated|over priced|over cooked|off putting|off-putting|"
    "better than this|better than these|better than this one|i've had better|have had better|had much better|"
    "had way better|i'd rather|would rather|i would rather|beats this|beat this|"
    "come off|comes off|came off|fall off|falling off|coming off|come apart|comes apart|coming apart|"
    "have trouble|had trouble|having trouble|has trouble|had a hard time|having a hard time|"
    "looking for a new|look for a new|look for another|looking for another|shopping for a new|"
    "can't even|cannot even|cant even|nothing more than|no better than|"
    "don't be fooled|do not be fooled|dont be fooled|be the last|after only|blew up|blow up|"
    "buy a different|get a different|another dime|another penny|another cent|"
    "2 stars|two stars|2 star|two star",
    -3.0: "worst ever|worst experience|the worst|never buy|never buying|never order|never ordering|"
    "complete waste|total waste|utter waste|absolute waste|a joke|zero stars|0 stars|one star|1 star|"
    "no stars|do not order|don't order|avoid at all costs|avoid this|run away|died after|died within|"
    "total junk|complete junk|absolute junk|absolutely useless|completely useless|totally useless|"
    "pile of junk|bunch of junk|thumbs down|leaves a lot to be desired|left a lot to be desired|"
    "dont go|don't go|do not go|"
    "last time i|last time buying|forget about it|not edible|hate it|hated it|hate this",
    -1.2: "had to|should have|would have been|tried to|keep getting|kept getting|not even|difficult to|hard to|"
    "even though|no one|nobody|transferred|wait for|waited for|waiting for|took a long|too much|all the time",
    0.0: "as well|as well as|looks like|look like|feels like|feel like|seems like|seem like|sounds like|"
    "would like|i'd like|just like|something like|like a|like an|pretty much|not sure|make sure|"
    "no idea|no matter|no doubt|if you like|if you want|must have been|must have had|must have gotten|"
    "just like|more like|looks like|look like|like that|like to|i'd like to|would like to|like you|"
    "felt like|kind of like|like i|like we|like they|like he|like she|like it was|like the",
}

# Words that turn the next opinion word up or down (multipliers).
BOOSTERS: dict[str, float] = {
    "very": 1.3,
    "so": 1.3,
    "really": 1.3,
    "extremely": 1.5,
    "super": 1.35,
    "totally": 1.4,
    "completely": 1.4,
    "absolutely": 1.45,
    "incredibly": 1.4,
    "highly": 1.4,
    "truly": 1.3,
    "too": 1.25,
    "utterly": 1.5,
    "entirely": 1.3,
    "especially": 1.2,
    "exceptionally": 1.4,
    "exceedingly": 1.4,
    "hugely": 1.4,
    "immensely": 1.4,
    "remarkably": 1.3,
    "seriously": 1.3,
    "such": 1.25,
    "quite": 1.1,
    "pretty": 1.1,
    "most": 1.3,
    "more": 1.1,
    "thoroughly": 1.3,
    "insanely": 1.45,
    "ridiculously": 1.45,
    "damn": 1.3,
    "freaking": 1.35,
    "fucking": 1.45,
    "friggin": 1.35,
    "deeply": 1.35,
    "overly": 1.2,
    "majorly": 1.35,
    "sooo": 1.4,
    "soo": 1.35,
    "mega": 1.3,
    "ultra": 1.35,
    "way": 1.2,
    "just": 1.05,
    "well": 1.1,
    "all": 1.05,
    "barely": 0.5,
    "slightly": 0.55,
    "somewhat": 0.65,
    "kinda": 0.6,
    "sorta": 0.6,
    "little": 0.7,
    "bit": 0.7,
    "mildly": 0.6,
    "marginally": 0.5,
    "partly": 0.6,
    "fairly": 0.85,
    "rather": 0.9,
    "almost": 0.7,
    "hardly": 0.5,
    "scarcely": 0.5,
    "occasionally": 0.7,
    "sometimes": 0.8,
    "relatively": 0.85,
    "reasonably": 0.85,
    "moderately": 0.7,
}

# Multi-word diminishers written as phrases ("kind of", "a bit").
BOOSTER_PHRASES: dict[str, float] = {
    "kind of": 0.6,
    "sort of": 0.6,
    "a bit": 0.7,
    "a little": 0.7,
    "a little bit": 0.6,
    "a tad": 0.7,
    "so very": 1.5,
    "by far": 1.3,
    "beyond": 1.3,
}

NEGATORS: frozenset[str] = frozenset(
    [
        "not",
        "no",
        "never",
        "nothing",
        "none",
        "nobody",
        "neither",
        "nor",
        "without",
        "cannot",
        "cant",
        "can't",
        "dont",
        "don't",
        "doesnt",
        "doesn't",
        "didnt",
        "didn't",
        "isnt",
        "isn't",
        "wasnt",
        "wasn't",
        "arent",
        "aren't",
        "werent",
        "weren't",
        "wont",
        "won't",
        "wouldnt",
        "wouldn't",
        "couldnt",
        "couldn't",
        "shouldnt",
        "shouldn't",
        "havent",
        "haven't",
        "hasnt",
        "hasn't",
        "hadnt",
        "hadn't",
        "aint",
        "ain't",
        "mustn't",
        "neednt",
        "needn't",
        "nope",
        "lacks",
        "lacking",
        "nowhere",
    ]
)

# Negation scope: these words start a new clause the negation does not reach
# ("I can't tell you how disappointed I was").
SCOPE_BARRIERS: tuple[str, ...] = ("how",)
# "never" + one of these is emphasis, not negation ("I've never been so insulted").
EMPHATIC_NEGATORS: tuple[str, ...] = ("never",)
EMPHATIC: tuple[str, ...] = ("so", "more", "such")
# Manner words take the sign of a complaint next to them ("breaks easily", "quickly disappointed").
MANNER: tuple[str, ...] = ("easily", "easy", "quickly", "quick", "fast")
# A complaint word governed by these is good news ("fixed the problem").
REMEDIES: tuple[str, ...] = (
    "fixed", "fixes", "fix", "solved", "solves", "solve", "resolved", "resolves", "eliminates", "eliminated",
    "cured", "cures", "prevents", "prevented", "avoids",
)  # fmt: skip
# Durations: a long wait ("took 40 minutes", "waited an hour") or a short life ("lasted two days",
# "lasts only a few hours") is a complaint.
DURATIONS: dict[str, str] = {
    "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour",
    "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
}  # fmt: skip
QUANTITIES: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "few": 3,
    "several": 3, "couple": 2, "many": 5,
}  # fmt: skip
WAIT_WORDS: tuple[str, ...] = (
    "took", "take", "takes", "taking", "waited", "wait", "waiting", "waits", "spent", "spend", "spending",
    "passed", "sat", "sitting", "hold",
)  # fmt: skip
LAST_WORDS: dict[str, bool] = {"lasted": True, "lasts": False, "last": False, "lasting": False}
SHORT_WORDS: tuple[str, ...] = ("only", "just", "under", "less", "within", "barely")

# Clause-level contrast: what follows weighs more than what precedes.
CONTRAST: frozenset[str] = frozenset({"but", "however", "yet", "nevertheless", "nonetheless", "except"})
# Concession: the clause they open weighs less ("although it is cheap, ...").
CONCESSION: frozenset[str] = frozenset({"although", "though", "despite", "whereas", "albeit"})

STOPWORDS: frozenset[str] = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "it's",
        "this",
        "that",
        "these",
        "those",
        "i",
        "i'm",
        "i've",
        "i'd",
        "i'll",
        "me",
        "my",
        "mine",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "they",
        "them",
        "their",
        "his",
        "her",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "there",
        "here",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "should",
        "could",
        "can",
        "may",
        "might",
        "must",
        "if",
        "then",
        "than",
        "so",
        "because",
        "as",
        "about",
        "into",
        "over",
        "after",
        "before",
        "again",
        "very",
        "just",
        "also",
        "too",
        "only",
        "not",
        "no",
        "yes",
        "all",
        "any",
        "some",
        "more",
        "most",
        "much",
        "many",
        "such",
        "own",
        "same",
        "other",
        "each",
        "few",
        "both",
        "out",
        "up",
        "down",
        "off",
        "once",
        "while",
        "until",
        "am",
        "im",
        "ive",
        "id",
        "youre",
        "dont",
        "doesnt",
        "didnt",
        "wont",
        "isnt",
        "wasnt",
        "cant",
        "couldnt",
        "wouldnt",
        "shouldnt",
        "thats",
        "theres",
    ]
)
