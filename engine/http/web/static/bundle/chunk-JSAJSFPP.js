import{a as r,b as o}from"./chunk-FCVM23YA.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{r as RailroadEbnfModule,o as createRailroadEbnfServices};
